package dev.lakehouse.spark.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.spark.catalog.CatalogSettings;
import dev.lakehouse.spark.catalog.LakeTables;
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
    GoldRefresher refresher = new GoldRefresher(config.getInt(LakehouseConfig.TOP_N),
        config.getDuration(LakehouseConfig.SESSION_TIMEOUT));
    Column none = lit(null).cast("string");
    Dataset<Row> touched = appends(spark, LakeTables.SILVER_ORDERS)
        .select(lit(LakeTables.SILVER_ORDERS).as("source"), col("event_time"), col("event_type"), none.as("session_id"),
            none.as("product_id"))
        .unionByName(appends(spark, LakeTables.SILVER_CLICKSTREAM).select(lit(LakeTables.SILVER_CLICKSTREAM).as("source"),
            col("event_time"), col("event_type"), col("session_id"), none.as("product_id")))
        .unionByName(appends(spark, LakeTables.SILVER_ORDER_ITEMS).select(lit(LakeTables.SILVER_ORDER_ITEMS).as("source"),
            col("event_time"), none.as("event_type"), none.as("session_id"), col("product_id")))
        .unionByName(appends(spark, LakeTables.SILVER_INVENTORY).select(lit(LakeTables.SILVER_INVENTORY).as("source"),
            col("event_time"), none.as("event_type"), none.as("session_id"), col("product_id")));
    return touched.writeStream()
        .queryName(QUERY_NAME)
        .option("checkpointLocation", config.checkpointDir().resolve(QUERY_NAME).toString())
        .trigger(Triggers.of(config))
        .foreachBatch(new GoldBatchWriter(refresher, QUERY_NAME))
        .start();
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
        .table(CatalogSettings.CATALOG + "." + table);
  }
}
