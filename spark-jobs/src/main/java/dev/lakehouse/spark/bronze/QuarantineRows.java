package dev.lakehouse.spark.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.spark.decoding.KafkaRecordDecoder;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Shapes decoded Kafka rows that failed to decode into {@code lake.bronze.quarantine} rows. */
public final class QuarantineRows {
  private QuarantineRows() {}

  public static Dataset<Row> of(Dataset<Row> decoded, String sourceQuery, Timestamp ingestTime) {
    return decoded.filter(col(KafkaRecordDecoder.ERROR).isNotNull()).select(
        col("topic"),
        col("partition").as("kafka_partition"),
        col("offset").as("kafka_offset"),
        col("kafka_timestamp"),
        col("key").as("record_key"),
        col("value").as("raw_value"),
        col("schema_id"),
        col(KafkaRecordDecoder.ERROR).as("error"),
        lit(sourceQuery).as("source_query"),
        lit(ingestTime).as("ingest_time"),
        col(KafkaRecordDecoder.REASON).as("reason_code"));
  }
}
