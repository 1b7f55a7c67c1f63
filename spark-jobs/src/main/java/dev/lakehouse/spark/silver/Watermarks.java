package dev.lakehouse.spark.silver;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.streaming.BatchCommits;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The event-time watermark of a silver table: the newest event it holds minus the allowed lateness. Kept in the
 * table itself rather than in Spark state, so it survives restarts and needs no state store; an event older than
 * it goes to {@code silver.late_events}. A replayed batch reuses the watermark its first attempt recorded with
 * its commit, so late/on-time routing is the same on every attempt.
 */
public final class Watermarks {
    public static final String PROPERTY = "lakehouse.watermark-ms";
    private static final String NONE = "none";

    private Watermarks() {}

    /**
     * The watermark for one batch; null on an empty table (as Spark's own watermark, the first batch accepts
     * everything: a backfill's history is not late).
     */
    public static Instant forBatch(SparkSession spark, String table, String writerId, long batchId, Duration delay) {
        Map<String, String> earlier = BatchCommits.committedSummary(spark, table, writerId, batchId);
        if (earlier != null && earlier.containsKey(PROPERTY)) {
            String v = earlier.get(PROPERTY);
            return NONE.equals(v) ? null : Instant.ofEpochMilli(Long.parseLong(v));
        }
        // Iceberg answers max() from file metadata, so this does not scan the table.
        Row r = spark.sql("SELECT max(event_time) FROM " + CatalogSettings.CATALOG_NAME + "." + table)
                .first();
        if (r.isNullAt(0)) {
            return null;
        }
        return ((Timestamp) r.get(0)).toInstant().minus(delay);
    }

    public static String asProperty(Instant watermark) {
        return watermark == null ? NONE : Long.toString(watermark.toEpochMilli());
    }
}
