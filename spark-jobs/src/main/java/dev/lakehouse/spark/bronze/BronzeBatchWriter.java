package dev.lakehouse.spark.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.quarantine.QuarantineRows;
import dev.lakehouse.spark.streaming.BatchCommits;
import dev.lakehouse.spark.streaming.FaultInjection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch of the raw topics: every record lands once, either in {@code bronze.events} (decoded) or in
 * {@code bronze.quarantine} (raw bytes + error). The hot path is a single pass (Kafka -> decode -> Iceberg); the
 * batch is read a second time only when it held undecodable records. Each of the two commits is skipped when a
 * replayed batch finds it already done.
 */
public final class BronzeBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeBatchWriter.class);
    private final String registryUrl;
    private final String topicPrefix;
    private final String queryName;

    public BronzeBatchWriter(String registryUrl, String topicPrefix, String queryName) {
        this.registryUrl = registryUrl;
        this.topicPrefix = topicPrefix;
        this.queryName = queryName;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        FaultInjection.beforeBatch(queryName, batchId);
        if (batch.isEmpty()) {
            return; // no commit for an empty trigger: no empty snapshots
        }
        SparkSession spark = batch.sparkSession();
        String writerId = BatchCommits.writerId(spark, queryName);
        Timestamp ingest = Timestamp.from(Instant.now());
        LongAccumulator errors = spark.sparkContext().longAccumulator("bronze-decode-errors");
        Dataset<Row> decoded = batch.select("topic", "partition", "offset", "timestamp", "key", "value")
                .mapPartitions(
                        new BronzeDecoder(registryUrl, topicPrefix, ingest, errors), Encoders.row(BronzeDecoder.TYPE));
        Dataset<Row> good =
                decoded.filter(col(BronzeDecoder.ERROR).isNull()).drop(BronzeDecoder.ERROR, BronzeDecoder.REASON);
        boolean wrote = BatchCommits.commitOnce(
                spark,
                LakeTables.BRONZE_EVENTS,
                writerId,
                batchId,
                Map.of(),
                () -> append(good, LakeTables.BRONZE_EVENTS));
        // The accumulator only counts when the write ran; on a replay that skipped it, look for errors directly.
        boolean anyBad = wrote
                ? errors.value() > 0
                : !decoded.filter(col(BronzeDecoder.ERROR).isNotNull()).isEmpty();
        if (anyBad) {
            Dataset<Row> bad = decoded.filter(col(BronzeDecoder.ERROR).isNotNull())
                    .select(
                            col("topic"),
                            col("kafka_partition"),
                            col("kafka_offset"),
                            col("kafka_timestamp"),
                            col("record_key"),
                            col("raw_value"),
                            col("schema_id"),
                            col(BronzeDecoder.ERROR).as("error"),
                            lit("bronze").as("source_query"),
                            col("ingest_time"),
                            col(BronzeDecoder.REASON).as("reason_code"));
            BatchCommits.commitOnce(
                    spark,
                    LakeTables.QUARANTINE,
                    writerId,
                    batchId,
                    Map.of(),
                    () -> append(bad, LakeTables.QUARANTINE));
            QuarantineRows.logReasons(LOG, "bronze", batchId, bad);
        }
        LOG.info("bronze batch {}: written={} decode errors={}", batchId, wrote, errors.value());
    }

    static void append(Dataset<Row> rows, String table) {
        try {
            rows.writeTo(CatalogSettings.CATALOG_NAME + "." + table).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " is missing; the stream creates it at start", e);
        }
    }
}
