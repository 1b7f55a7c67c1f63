package dev.lakehouse.spark.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.KafkaRecordDecoder;
import dev.lakehouse.spark.keys.KeyRing;
import dev.lakehouse.spark.keys.PiiKeys;
import dev.lakehouse.spark.keys.TableKeyVersions;
import dev.lakehouse.spark.quarantine.QuarantineRows;
import dev.lakehouse.spark.streaming.BatchCommits;
import dev.lakehouse.spark.streaming.FaultInjection;
import dev.lakehouse.spark.streaming.SqlLiterals;
import dev.lakehouse.spark.streaming.StreamMetrics;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch of the validated topics: decode, route late events, insert new events into the typed silver
 * tables (MERGE on event_id, so a resend or a replayed batch adds nothing). Every commit is also tagged with the
 * batch for {@link BatchCommits}. Gold reads these commits in a query of its own ({@code gold/GoldStream}).
 */
public final class SilverBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger(SilverBatchWriter.class);
    private final String registryUrl;
    private final String queryName;
    private final KeyRing keyRing;
    private final SubjectKeySettings subjectKeys;
    private final String keySource;
    private final Duration watermarkDelay;

    private final String topicPrefix;

    public SilverBatchWriter(
            String registryUrl,
            String topicPrefix,
            String queryName,
            PiiKeys.Loaded keys,
            SubjectKeySettings subjectKeys,
            Duration watermarkDelay) {
        this.subjectKeys = subjectKeys;
        this.registryUrl = registryUrl;
        this.topicPrefix = topicPrefix;
        this.queryName = queryName;
        this.keyRing = keys.ring();
        this.keySource = keys.source();
        this.watermarkDelay = watermarkDelay;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        FaultInjection.beforeBatch(queryName, batchId);
        SparkSession spark = batch.sparkSession();
        PiiProtection.register(spark, keyRing, subjectKeys);
        String writerId = BatchCommits.writerId(spark, queryName);
        Timestamp ingest = Timestamp.from(Instant.now());
        Dataset<Row> source = batch.persist();
        List<Dataset<Row>> cached = new ArrayList<>();
        cached.add(source);
        try {
            Dataset<Row> quarantine = null;
            Dataset<Row> late = null;
            Map<Domain, Dataset<Row>> onTime = new EnumMap<>(Domain.class);
            Map<Domain, Instant> watermarks = new EnumMap<>(Domain.class);
            // Small batches often touch only some domains: skip the others' decode, watermark and MERGE jobs.
            java.util.Set<String> topics = new java.util.HashSet<>();
            source.select("topic").distinct().collectAsList().forEach(r -> topics.add(r.getString(0)));
            List<Domain> active = java.util.Arrays.stream(Domain.values())
                    .filter(d -> topics.contains(d.validTopic(topicPrefix)))
                    .toList();
            for (Domain d : active) {
                Dataset<Row> decoded = KafkaRecordDecoder.decode(
                                source.filter(col("topic").equalTo(d.validTopic(topicPrefix))), d, registryUrl)
                        .withColumn("ingest_time", lit(ingest))
                        .persist();
                cached.add(decoded);
                Dataset<Row> bad = QuarantineRows.of(decoded, "silver", ingest);
                quarantine = quarantine == null ? bad : quarantine.unionByName(bad);
                Dataset<Row> good = decoded.filter(col(KafkaRecordDecoder.ERROR).isNull());
                Instant w =
                        Watermarks.forBatch(spark, SilverProjections.silverTable(d), writerId, batchId, watermarkDelay);
                watermarks.put(d, w);
                Column isLate =
                        w == null ? lit(false) : col("record.event_time").lt(lit(Timestamp.from(w)));
                Dataset<Row> lateRows = good.filter(isLate)
                        .select(
                                lit(d.id()).as("domain"),
                                col("record.event_id").as("event_id"),
                                col("record.event_time").as("event_time"),
                                lit(w == null ? null : Timestamp.from(w))
                                        .cast("timestamp")
                                        .as("watermark"),
                                col("key").as("record_key"),
                                to_json(col(KafkaRecordDecoder.RECORD)).as("payload_json"),
                                col("topic"),
                                col("partition").as("kafka_partition"),
                                col("offset").as("kafka_offset"),
                                col("ingest_time"));
                late = late == null ? lateRows : late.unionByName(lateRows);
                onTime.put(d, good.filter(functions.not(isLate)));
            }

            if (active.isEmpty()) {
                return;
            }
            // A rotation while this stream runs would leave tokens of two versions side by side: refuse instead.
            TableKeyVersions.requireCurrent(spark, PiiProtection.keyedColumns().keySet(), keyRing, keySource);
            Map<String, String> keyProps = TableKeyVersions.commitProperties(keyRing);
            if (appendOnce(spark, quarantine, LakeTables.QUARANTINE, writerId, batchId, "quarantined") > 0) {
                QuarantineRows.logReasons(LOG, "silver", batchId, quarantine);
            }
            long lateCount = appendOnce(spark, late, LakeTables.LATE_EVENTS, writerId, batchId, "late");
            if (lateCount > 0) {
                LOG.warn(
                        "silver batch {}: {} events arrived behind the watermark and went to {}",
                        batchId,
                        lateCount,
                        LakeTables.LATE_EVENTS);
            }

            for (Domain d : active) {
                Dataset<Row> rows = onTime.get(d)
                        .selectExpr(SilverProjections.of(d).toArray(String[]::new))
                        .dropDuplicates("event_id")
                        .persist();
                cached.add(rows);
                mergeNew(
                        spark,
                        rows,
                        SilverProjections.silverTable(d),
                        "t.event_id = s.event_id",
                        writerId,
                        batchId,
                        withKeys(
                                SilverProjections.silverTable(d),
                                keyProps,
                                Map.of(Watermarks.PROPERTY, Watermarks.asProperty(watermarks.get(d)))));
            }
            if (onTime.containsKey(Domain.ORDERS)) {
                Dataset<Row> items = onTime.get(Domain.ORDERS)
                        .filter(SilverProjections.ORDER_ITEMS_FROM)
                        .selectExpr(
                                "record.event_id AS event_id",
                                "record.event_time AS event_time",
                                "record.order_id AS order_id",
                                "record.customer_id AS customer_id",
                                "explode(record.payload.OrderPlaced.lines) AS line",
                                "ingest_time")
                        .selectExpr(SilverProjections.orderItems().toArray(String[]::new))
                        .dropDuplicates("event_id", "line_number")
                        .persist();
                cached.add(items);
                mergeNew(
                        spark,
                        items,
                        LakeTables.SILVER_ORDER_ITEMS,
                        "t.event_id = s.event_id AND t.line_number = s.line_number",
                        writerId,
                        batchId,
                        Map.of());
            }
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** Commits that write tokens record the key version they are under (keys/TableKeyVersions). */
    private static Map<String, String> withKeys(String table, Map<String, String> keyProps, Map<String, String> props) {
        if (!PiiProtection.keyedColumns().containsKey(table)) {
            return props;
        }
        Map<String, String> all = new java.util.HashMap<>(props);
        all.putAll(keyProps);
        return all;
    }

    private static long appendOnce(
            SparkSession spark, Dataset<Row> rows, String table, String writerId, long batchId, String what) {
        long n = rows.count();
        if (n > 0) {
            BatchCommits.commitOnce(spark, table, writerId, batchId, Map.of("lakehouse.rows", Long.toString(n)), () -> {
                try {
                    rows.writeTo(CatalogSettings.CATALOG_NAME + "." + table).append();
                } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                    throw new IllegalStateException(e);
                }
            });
            LOG.info("batch {}: {} rows {} -> {}", batchId, n, what, table);
        }
        return n;
    }

    /**
     * Inserts the rows whose key the table does not hold yet. The lower time bound is a literal so Iceberg reads
     * only the recent partitions; resends carry the original event_time, so it never hides a duplicate.
     */
    private static void mergeNew(
            SparkSession spark,
            Dataset<Row> rows,
            String table,
            String keyMatch,
            String writerId,
            long batchId,
            Map<String, String> props) {
        Row stats = rows.agg(functions.count(lit(1)), functions.min("event_time"), functions.max("event_time"))
                .first();
        long n = stats.getLong(0);
        if (n == 0) {
            return;
        }
        Instant from = ((Timestamp) stats.get(1)).toInstant();
        String view = "src_" + table.replace('.', '_') + "_" + batchId;
        rows.createOrReplaceTempView(view);
        Map<String, String> all = new java.util.HashMap<>(props);
        all.put("lakehouse.rows", Long.toString(n));
        BatchCommits.commitOnce(
                spark,
                table,
                writerId,
                batchId,
                all,
                () -> spark.sql("MERGE INTO " + CatalogSettings.CATALOG_NAME + "." + table + " t USING " + view
                        + " s ON " + keyMatch + " AND t.event_time >= " + SqlLiterals.timestamp(from)
                        + " WHEN NOT MATCHED THEN INSERT *"));
        spark.catalog().dropTempView(view);
        // Committed (now or by the replayed batch's first run): silver's freshness, from the same aggregate.
        StreamMetrics.committedEventTime("silver", ((Timestamp) stats.get(2)).toInstant());
    }
}
