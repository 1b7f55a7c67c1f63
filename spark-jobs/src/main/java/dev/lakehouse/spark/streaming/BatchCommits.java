package dev.lakehouse.spark.streaming;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.catalog.IcebergTables;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once writes from {@code foreachBatch}: every commit a stream makes carries its query id and batch id
 * in the snapshot summary, and a batch that Spark replays after a crash is skipped for each table that already
 * holds it. This is the same idea as Iceberg's own streaming sink (query id + epoch id), applied per table so a
 * batch that writes several tables can die between two commits and still finish exactly once.
 */
public final class BatchCommits {
    public static final String WRITER_ID = "lakehouse.writer-id";
    public static final String BATCH_ID = "lakehouse.batch-id";
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommits.class);
    /** Replays concern the latest batch only; older history need not be walked. */
    private static final int LOOKBACK = 500;

    private BatchCommits() {}

    /** The stable identity of the running query: its name plus the id stored in its checkpoint. */
    public static String writerId(SparkSession spark, String queryName) {
        String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
        return queryName + "/" + (queryId == null ? "batch" : queryId);
    }

    public static boolean alreadyCommitted(SparkSession spark, String table, String writerId, long batchId) {
        return committedSummary(spark, table, writerId, batchId) != null;
    }

    /** The snapshot summary of this batch's commit to the table, or null when the batch has not committed there. */
    public static Map<String, String> committedSummary(
            SparkSession spark, String table, String writerId, long batchId) {
        Table t = load(spark, table);
        int seen = 0;
        for (Snapshot s = t.currentSnapshot(); s != null && seen < LOOKBACK; seen++) {
            Map<String, String> summary = s.summary();
            if (writerId.equals(summary.get(WRITER_ID))) {
                long b = Long.parseLong(summary.get(BATCH_ID));
                if (b == batchId) {
                    return summary;
                }
                if (b < batchId) {
                    return null;
                }
            }
            s = s.parentId() == null ? null : t.snapshot(s.parentId());
        }
        return null;
    }

    /**
     * Runs {@code write} (one commit to {@code table}) unless the table already holds this batch. Extra snapshot
     * properties (e.g. counts) may be given. Returns whether it wrote.
     */
    public static boolean commitOnce(
            SparkSession spark,
            String table,
            String writerId,
            long batchId,
            Map<String, String> extra,
            Runnable write) {
        if (alreadyCommitted(spark, table, writerId, batchId)) {
            LOG.info("{} batch {} already committed to {}: skipped (replay after restart)", writerId, batchId, table);
            return false;
        }
        Map<String, String> props = new HashMap<>(extra);
        props.put(WRITER_ID, writerId);
        props.put(BATCH_ID, Long.toString(batchId));
        try {
            CommitMetadata.withCommitProperties(
                    props,
                    () -> {
                        write.run();
                        return null;
                    },
                    RuntimeException.class);
        } catch (RuntimeException e) {
            // The batch fails and its query restarts; the metric shows commits failing before the restarts pile up.
            StreamMetrics.commitFailed(queryName(writerId));
            throw e;
        }
        Map<String, String> committed = committedSummary(spark, table, writerId, batchId);
        String added = committed == null ? null : committed.get(SnapshotSummary.ADDED_RECORDS_PROP);
        if (added != null) {
            StreamMetrics.committed(queryName(writerId), table, Long.parseLong(added));
        }
        return true;
    }

    /** The query name part of {@link #writerId}. */
    static String queryName(String writerId) {
        int slash = writerId.indexOf('/');
        return slash < 0 ? writerId : writerId.substring(0, slash);
    }

    static Table load(SparkSession spark, String table) {
        return IcebergTables.load(spark, CatalogSettings.CATALOG_NAME + "." + table);
    }
}
