package dev.lakehouse.spark.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.streaming.Triggers;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Gold as a query of its own that reads silver's appends (Iceberg streaming source), so a silver commit never
 * waits for the KPI recomputation. Its checkpoint holds the last silver snapshot of each source table it has
 * applied: several silver commits that arrive while a refresh runs are coalesced into the next one, and a crash
 * between a silver commit and the gold refresh only means the refresh runs at restart.
 */
public final class GoldStream {
    public static final String QUERY_NAME = "gold";

    private GoldStream() {}

    public static StreamingQuery start(SparkSession spark, LakehouseConfig config) throws TimeoutException {
        GoldRefresher refresher = new GoldRefresher(
                config.getInt(LakehouseConfig.TOP_N), config.getDuration(LakehouseConfig.SESSION_TIMEOUT));
        // What each KPI needs to find its touched windows, products and sessions, in one shape for all sources.
        Dataset<Row> touched = keys(spark, LakeTables.SILVER_ORDERS, "event_type", null, null)
                .unionByName(keys(spark, LakeTables.SILVER_CLICKSTREAM, "event_type", "session_id", null))
                .unionByName(keys(spark, LakeTables.SILVER_ORDER_ITEMS, null, null, "product_id"))
                .unionByName(keys(spark, LakeTables.SILVER_INVENTORY, null, null, "product_id"));
        return touched.writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", config.checkpointLocation(QUERY_NAME))
                .trigger(Triggers.of(config))
                .foreachBatch(new GoldBatchWriter(refresher, QUERY_NAME))
                .start();
    }

    private static Dataset<Row> keys(
            SparkSession spark, String table, String eventType, String sessionId, String productId) {
        return appends(spark, table)
                .select(
                        lit(table).as("source"),
                        col("event_time"),
                        orNull(eventType).as("event_type"),
                        orNull(sessionId).as("session_id"),
                        orNull(productId).as("product_id"));
    }

    private static Column orNull(String column) {
        return column == null ? lit(null).cast("string") : col(column);
    }

    /**
     * Rows that silver's commits added. Silver only ever appends (MERGE ... WHEN NOT MATCHED THEN INSERT commits an
     * append); compaction's replace snapshots add no rows and are passed over, and so are deletes and overwrites,
     * which no writer of silver makes today and which must not stop the KPIs if one ever does.
     */
    private static Dataset<Row> appends(SparkSession spark, String table) {
        return spark.readStream()
                .option("streaming-skip-delete-snapshots", "true")
                .option("streaming-skip-overwrite-snapshots", "true")
                .table(CatalogSettings.CATALOG_NAME + "." + table);
    }
}
