package dev.lakehouse.spark.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.catalog.IcebergTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the recommender learns from, read at pinned snapshots of silver (recorded with each model version, so a
 * version can be trained again on exactly the same rows): signed-in shoppers' product views, cart additions and
 * order lines, as implicit feedback {@code (customer_id, product_id, event_time, weight)}. A purchase says more than
 * a cart, a cart more than a view: weights {@link #VIEW}, {@link #CART}, {@link #ORDER}. Customers with an erasure
 * request are left out even before the erasure pass has deleted their rows.
 */
public final class TrainingData {
    static final double VIEW = 1;
    static final double CART = 3;
    static final double ORDER = 5;
    private static final List<String> SOURCES = List.of(
            LakeTables.SILVER_CLICKSTREAM,
            LakeTables.SILVER_ORDER_ITEMS,
            LakeTables.SILVER_CUSTOMERS,
            LakeTables.LATE_EVENTS,
            LakeTables.SILVER_CATALOG);

    private final SparkSession spark;
    private final Map<String, Long> snapshots = new LinkedHashMap<>();

    private TrainingData(SparkSession spark) {
        this.spark = spark;
    }

    /** Pins the current snapshot of every source table (null for a table with none yet). */
    public static TrainingData pin(SparkSession spark) {
        TrainingData data = new TrainingData(spark);
        for (String table : SOURCES) {
            Snapshot s = IcebergTables.load(spark, CatalogSettings.CATALOG_NAME + "." + table)
                    .currentSnapshot();
            data.snapshots.put(table, s == null ? null : s.snapshotId());
        }
        return data;
    }

    /** The pinned snapshot ids, as a JSON object (table -> id or null). */
    public String snapshotsJson() {
        StringBuilder b = new StringBuilder("{");
        snapshots.forEach((t, id) -> b.append(b.length() > 1 ? ", " : "")
                .append('"')
                .append(t)
                .append("\": ")
                .append(id));
        return b.append('}').toString();
    }

    /** A source table at its pinned snapshot (empty, with its columns, when it has none). */
    Dataset<Row> read(String table) {
        Long id = snapshots.get(table);
        Dataset<Row> all = spark.table(CatalogSettings.CATALOG_NAME + "." + table);
        return id == null
                ? all.limit(0)
                : spark.read().option("snapshot-id", id).table(CatalogSettings.CATALOG_NAME + "." + table);
    }

    /**
     * Customers who asked to be erased, on time or late (as the erasure pass reads them): never trained on, graded or
     * recommended to.
     */
    private Dataset<Row> erased() {
        Dataset<Row> late = read(LakeTables.LATE_EVENTS)
                .filter("domain = 'customers' AND get_json_object(payload_json, '$.payload.branch') = "
                        + "'ErasureRequested' AND record_key IS NOT NULL")
                .selectExpr("record_key AS customer_id");
        return read(LakeTables.SILVER_CUSTOMERS)
                .filter("event_type = 'ErasureRequested' AND customer_id IS NOT NULL")
                .select("customer_id")
                .unionByName(late)
                .distinct();
    }

    private Dataset<Row> withoutErased(Dataset<Row> rows) {
        Dataset<Row> erased = erased();
        return rows.join(erased, rows.col("customer_id").equalTo(erased.col("customer_id")), "left_anti");
    }

    /** Every signed-in interaction: customer_id, product_id, event_time, weight. */
    public Dataset<Row> interactions() {
        Dataset<Row> clicks = read(LakeTables.SILVER_CLICKSTREAM)
                .filter("event_type IN ('ProductViewed', 'CartItemAdded') AND customer_id IS NOT NULL "
                        + "AND product_id IS NOT NULL")
                .selectExpr(
                        "customer_id",
                        "product_id",
                        "event_time",
                        "CASE WHEN event_type = 'CartItemAdded' THEN " + CART + " ELSE " + VIEW + " END AS weight");
        Dataset<Row> lines = purchases().withColumn("weight", lit(ORDER));
        return withoutErased(clicks).unionByName(lines);
    }

    /** Order lines of signed-in customers (anonymized lines of erased customers have none): customer, product, time. */
    public Dataset<Row> purchases() {
        return withoutErased(read(LakeTables.SILVER_ORDER_ITEMS)
                .filter(col("customer_id").isNotNull().and(col("product_id").isNotNull()))
                .select("customer_id", "product_id", "event_time"));
    }

    /** Each product's name and category as the catalog last stated them (for showing, not for training). */
    public Dataset<Row> products() {
        return read(LakeTables.SILVER_CATALOG)
                .filter("event_type = 'ProductCreated' AND product_id IS NOT NULL")
                .selectExpr("product_id", "name AS product_name", "category", "event_time")
                .withColumn(
                        "n",
                        org.apache
                                .spark
                                .sql
                                .functions
                                .row_number()
                                .over(org.apache.spark.sql.expressions.Window.partitionBy("product_id")
                                        .orderBy(col("event_time").desc())))
                .filter("n = 1")
                .drop("n", "event_time");
    }
}
