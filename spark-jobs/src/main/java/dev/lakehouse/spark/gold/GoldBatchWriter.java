package dev.lakehouse.spark.gold;

import dev.lakehouse.spark.streaming.BatchCommits;
import dev.lakehouse.spark.streaming.FaultInjection;
import dev.lakehouse.spark.streaming.StreamMetrics;
import java.sql.Timestamp;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** One micro-batch of the gold query: silver's new rows in, the KPIs they touched recomputed. */
final class GoldBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
    private final GoldRefresher refresher;
    private final String queryName;

    GoldBatchWriter(GoldRefresher refresher, String queryName) {
        this.refresher = refresher;
        this.queryName = queryName;
    }

    @Override
    public void call(Dataset<Row> touched, Long batchId) {
        FaultInjection.beforeBatch(queryName, batchId);
        SparkSession spark = touched.sparkSession();
        // Read once from silver's files, then several times for the keys of each KPI.
        Dataset<Row> rows = touched.persist();
        try {
            refresher.refresh(spark, BatchCommits.writerId(spark, queryName), batchId, rows);
            // Gold's freshness: the newest silver event its KPIs now include (one small job on the cached rows).
            Object newest = rows.agg(functions.max("event_time")).first().get(0);
            if (newest instanceof Timestamp t) {
                StreamMetrics.committedEventTime("gold", t.toInstant());
            }
        } finally {
            rows.unpersist();
        }
    }
}
