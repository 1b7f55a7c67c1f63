package dev.lakehouse.spark.quarantine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.spark.decoding.KafkaRecordDecoder;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;

/**
 * Rows for {@code lake.bronze.quarantine}, which both bronze (raw records it cannot decode) and silver (validated
 * records it cannot decode) write: kept below both layers, so that neither imports the other.
 */
public final class QuarantineRows {
    private QuarantineRows() {}

    public static Dataset<Row> of(Dataset<Row> decoded, String sourceQuery, Timestamp ingestTime) {
        return decoded.filter(col(KafkaRecordDecoder.ERROR).isNotNull())
                .select(
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

    /** One line per batch with quarantined records: how many per reason code, and one example error. */
    public static void logReasons(Logger log, String query, long batchId, Dataset<Row> quarantined) {
        List<Row> counts = quarantined
                .groupBy("reason_code")
                .agg(org.apache.spark.sql.functions.count(lit(1)), org.apache.spark.sql.functions.first("error"))
                .collectAsList();
        if (!counts.isEmpty()) {
            log.warn(
                    "{} batch {}: quarantined {}",
                    query,
                    batchId,
                    counts.stream()
                            .map(r -> r.get(0) + "=" + r.get(1) + " (e.g. " + r.get(2) + ")")
                            .collect(Collectors.joining(", ")));
        }
    }
}
