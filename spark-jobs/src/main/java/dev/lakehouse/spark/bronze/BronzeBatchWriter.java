package dev.lakehouse.spark.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import dev.lakehouse.spark.catalog.CatalogSettings;
import dev.lakehouse.spark.catalog.LakeTables;
import dev.lakehouse.spark.decoding.AvroRowConverter;
import dev.lakehouse.spark.decoding.Domain;
import dev.lakehouse.spark.decoding.KafkaRecordDecoder;
import dev.lakehouse.spark.streaming.BatchCommits;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One micro-batch of the raw topics: every record lands once, either in {@code bronze.events} (decoded) or in
 * {@code bronze.quarantine} (raw bytes + error). Each of the two commits is skipped when a replayed batch finds
 * it already done.
 */
public final class BronzeBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final Logger LOG = LoggerFactory.getLogger(BronzeBatchWriter.class);
  private final String registryUrl;
  private final String queryName;

  private final String topicPrefix;

  public BronzeBatchWriter(String registryUrl, String topicPrefix, String queryName) {
    this.registryUrl = registryUrl;
    this.topicPrefix = topicPrefix;
    this.queryName = queryName;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) throws Exception {
    SparkSession spark = batch.sparkSession();
    String writerId = BatchCommits.writerId(spark, queryName);
    Timestamp ingest = Timestamp.from(Instant.now());
    // Five domain filters read the batch: cache it once instead of fetching from Kafka five times.
    Dataset<Row> source = batch.persist();
    Dataset<Row> all = null;
    for (Domain d : Domain.values()) {
      Dataset<Row> decoded = KafkaRecordDecoder.decode(source.filter(col("topic").equalTo(d.rawTopic(topicPrefix))), d, registryUrl);
      Dataset<Row> shaped = decoded.select(
          lit(d.id()).as("domain"),
          col("record.event_id").as("event_id"),
          col("record.event_time").as("event_time"),
          col("record.payload." + AvroRowConverter.BRANCH).as("event_type"),
          col("record.schema_version").as("schema_version"),
          col("key").as("record_key"),
          to_json(col(KafkaRecordDecoder.RECORD)).as("payload_json"),
          col("value").as("raw_value"),
          col("schema_id"),
          col("topic"),
          col("partition").as("kafka_partition"),
          col("offset").as("kafka_offset"),
          col("kafka_timestamp"),
          lit(ingest).as("ingest_time"),
          col(KafkaRecordDecoder.ERROR),
          col("partition"),
          col("offset"),
          col("key"),
          col("value"));
      all = all == null ? shaped : all.unionByName(shaped);
    }
    Dataset<Row> rows = all.persist();
    try {
      Dataset<Row> good = rows.filter(col(KafkaRecordDecoder.ERROR).isNull())
          .drop(KafkaRecordDecoder.ERROR, "partition", "offset", "key", "value");
      Dataset<Row> bad = QuarantineRows.of(rows, "bronze", ingest);
      long goodCount = good.count();
      long badCount = bad.count();
      if (goodCount > 0) {
        BatchCommits.commitOnce(spark, LakeTables.BRONZE_EVENTS, writerId, batchId,
            Map.of("lakehouse.rows", Long.toString(goodCount)), () -> append(good, LakeTables.BRONZE_EVENTS));
      }
      if (badCount > 0) {
        BatchCommits.commitOnce(spark, LakeTables.QUARANTINE, writerId, batchId,
            Map.of("lakehouse.rows", Long.toString(badCount)), () -> append(bad, LakeTables.QUARANTINE));
      }
      LOG.info("bronze batch {}: {} events, {} quarantined", batchId, goodCount, badCount);
    } finally {
      rows.unpersist();
      source.unpersist();
    }
  }

  static void append(Dataset<Row> rows, String table) {
    try {
      rows.writeTo(CatalogSettings.CATALOG + "." + table).append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("table " + table + " is missing; the stream creates it at start", e);
    }
  }
}
