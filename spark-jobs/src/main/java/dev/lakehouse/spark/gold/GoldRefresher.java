package dev.lakehouse.spark.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.streaming.BatchCommits;
import dev.lakehouse.spark.streaming.SqlLiterals;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gold KPI tables live. For every window (minute, 5 minutes, hour), product or session that silver's
 * latest appends touched, the KPI is recomputed from silver, the source of truth, and MERGEd in place: a partial
 * window is visible at once and is corrected by each later refresh, so the final value is exact, and running the
 * same refresh twice gives the same table.
 */
public final class GoldRefresher implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(GoldRefresher.class);
    private static final String L = CatalogSettings.CATALOG_NAME + ".";
    private final int topN;
    private final Duration sessionTimeout;

    public GoldRefresher(int topN, Duration sessionTimeout) {
        this.topN = topN;
        this.sessionTimeout = sessionTimeout;
    }

    /**
     * {@code touched}: the rows silver added since the last refresh, one column set for all sources
     * ({@code source} = silver table, {@code event_time}, {@code event_type}, {@code session_id}, {@code product_id}).
     */
    public void refresh(SparkSession spark, String writerId, long batchId, Dataset<Row> touched) {
        Set<String> sources = new HashSet<>();
        touched.select("source").distinct().collectAsList().forEach(r -> sources.add(r.getString(0)));
        Dataset<Row> orders = sources.contains(LakeTables.SILVER_ORDERS)
                ? from(touched, LakeTables.SILVER_ORDERS).filter("event_type = 'OrderPlaced'")
                : null;
        Dataset<Row> clicks =
                sources.contains(LakeTables.SILVER_CLICKSTREAM) ? from(touched, LakeTables.SILVER_CLICKSTREAM) : null;
        if (orders != null) {
            revenuePerMinute(spark, writerId, batchId, orders);
        }
        if (orders != null || clicks != null) {
            funnel(spark, writerId, batchId, clicks, orders);
        }
        if (sources.contains(LakeTables.SILVER_ORDER_ITEMS)) {
            topProducts(spark, writerId, batchId, from(touched, LakeTables.SILVER_ORDER_ITEMS));
        }
        if (sources.contains(LakeTables.SILVER_INVENTORY)) {
            stock(spark, writerId, batchId, from(touched, LakeTables.SILVER_INVENTORY));
        }
        if (clicks != null) {
            activeSessions(spark, writerId, batchId, clicks);
        }
    }

    private static Dataset<Row> from(Dataset<Row> touched, String silverTable) {
        return touched.filter(col("source").equalTo(silverTable));
    }

    private void revenuePerMinute(SparkSession spark, String writerId, long batchId, Dataset<Row> orders) {
        TimeKeys keys =
                TimeKeys.collect(spark, orders.select(expr("date_trunc('minute', event_time) AS k")), "aff_minute");
        if (keys == null) {
            return;
        }
        String src = "SELECT date_trunc('minute', o.event_time) AS minute, o.currency, "
                + "CAST(sum(o.total) AS DECIMAL(18,2)) AS revenue, count(*) AS orders, current_timestamp() AS updated_at "
                + "FROM " + L + LakeTables.SILVER_ORDERS + " o "
                + "WHERE o.event_type = 'OrderPlaced' AND " + keys.range("o.event_time", Duration.ofMinutes(1))
                + " AND date_trunc('minute', o.event_time) IN (SELECT k FROM aff_minute) GROUP BY 1, 2";
        merge(
                spark,
                writerId,
                batchId,
                LakeTables.GOLD_REVENUE,
                src,
                "t.minute = s.minute AND t.currency = s.currency",
                null);
    }

    private void funnel(SparkSession spark, String writerId, long batchId, Dataset<Row> clicks, Dataset<Row> orders) {
        String w = "timestamp_seconds(floor(unix_seconds(%s) / 300) * 300)";
        Dataset<Row> touched = null;
        for (Dataset<Row> rows : java.util.Arrays.asList(clicks, orders)) {
            if (rows != null) {
                Dataset<Row> k = rows.select(expr(String.format(w, "event_time") + " AS k"));
                touched = touched == null ? k : touched.union(k);
            }
        }
        TimeKeys keys = TimeKeys.collect(spark, touched, "aff_window5");
        if (keys == null) {
            return;
        }
        String c = String.format(w, "c.event_time");
        String o = String.format(w, "o.event_time");
        String src = "WITH c AS (SELECT " + c + " AS ws, count(DISTINCT c.session_id) AS sessions, "
                + "count_if(c.event_type = 'ProductViewed') AS product_views, "
                + "count(DISTINCT CASE WHEN c.event_type = 'CartItemAdded' THEN c.cart_id END) AS carts, "
                + "count_if(c.event_type = 'CheckoutStarted') AS checkouts "
                + "FROM " + L + LakeTables.SILVER_CLICKSTREAM + " c WHERE "
                + keys.range("c.event_time", Duration.ofMinutes(5))
                + " AND " + c + " IN (SELECT k FROM aff_window5) GROUP BY 1), "
                + "o AS (SELECT " + o + " AS ws, count(*) AS orders FROM " + L + LakeTables.SILVER_ORDERS + " o "
                + "WHERE o.event_type = 'OrderPlaced' AND " + keys.range("o.event_time", Duration.ofMinutes(5))
                + " AND " + o + " IN (SELECT k FROM aff_window5) GROUP BY 1) "
                + "SELECT coalesce(c.ws, o.ws) AS window_start, coalesce(c.ws, o.ws) + INTERVAL 5 MINUTES AS window_end, "
                + "coalesce(c.sessions, 0) AS sessions, coalesce(c.product_views, 0) AS product_views, "
                + "coalesce(c.carts, 0) AS carts, coalesce(c.checkouts, 0) AS checkouts, coalesce(o.orders, 0) AS orders, "
                + "current_timestamp() AS updated_at FROM c FULL OUTER JOIN o ON c.ws = o.ws";
        merge(spark, writerId, batchId, LakeTables.GOLD_FUNNEL, src, "t.window_start = s.window_start", null);
    }

    private void topProducts(SparkSession spark, String writerId, long batchId, Dataset<Row> items) {
        TimeKeys keys = TimeKeys.collect(spark, items.select(expr("date_trunc('hour', event_time) AS k")), "aff_hour");
        if (keys == null) {
            return;
        }
        String src = "SELECT hour, product_id, units, orders, rank, current_timestamp() AS updated_at FROM ("
                + "SELECT hour, product_id, units, orders, CAST(row_number() OVER (PARTITION BY hour ORDER BY units DESC, "
                + "product_id) AS INT) AS rank FROM (SELECT date_trunc('hour', i.event_time) AS hour, i.product_id, "
                + "CAST(sum(i.quantity) AS BIGINT) AS units, count(DISTINCT i.order_id) AS orders "
                + "FROM " + L + LakeTables.SILVER_ORDER_ITEMS + " i WHERE "
                + keys.range("i.event_time", Duration.ofHours(1))
                + " AND date_trunc('hour', i.event_time) IN (SELECT k FROM aff_hour) GROUP BY 1, 2)) WHERE rank <= "
                + topN;
        // Products that fell out of an hour's top N are deleted from that hour.
        merge(
                spark,
                writerId,
                batchId,
                LakeTables.GOLD_TOP_PRODUCTS,
                src,
                "t.hour = s.hour AND t.product_id = s.product_id",
                "t.hour IN (" + keys.literalList() + ")");
    }

    private void stock(SparkSession spark, String writerId, long batchId, Dataset<Row> inventory) {
        List<Row> products = inventory.select("product_id").distinct().collectAsList();
        if (products.isEmpty()) {
            return;
        }
        spark.createDataFrame(products, inventory.select("product_id").schema()).createOrReplaceTempView("aff_product");
        // Latest event per product and warehouse (Kafka order breaks ties: the key is the product), summed.
        String src = "SELECT product_id, CAST(sum(quantity_on_hand) AS BIGINT) AS quantity_on_hand, "
                + "CAST(count(*) AS INT) AS warehouses, max(event_time) AS last_event_time, current_timestamp() AS updated_at "
                + "FROM (SELECT i.product_id, i.warehouse_id, i.quantity_on_hand, i.event_time, row_number() OVER ("
                + "PARTITION BY i.product_id, i.warehouse_id ORDER BY i.event_time DESC, i.kafka_partition DESC, "
                + "i.kafka_offset DESC) AS rn FROM " + L + LakeTables.SILVER_INVENTORY + " i "
                + "LEFT SEMI JOIN aff_product a ON i.product_id = a.product_id) WHERE rn = 1 GROUP BY product_id";
        merge(spark, writerId, batchId, LakeTables.GOLD_STOCK, src, "t.product_id = s.product_id", null);
    }

    private void activeSessions(SparkSession spark, String writerId, long batchId, Dataset<Row> clicks) {
        Dataset<Row> touched = clicks.groupBy("session_id")
                .agg(org.apache.spark.sql.functions.min("event_time").as("event_time"));
        List<Row> sessions = touched.collectAsList();
        if (sessions.isEmpty()) {
            return;
        }
        Dataset<Row> local = spark.createDataFrame(sessions, touched.schema());
        local.createOrReplaceTempView("aff_session_rows");
        local.select("session_id").createOrReplaceTempView("aff_session");
        Row max = spark.sql("SELECT max(event_time) FROM " + L + LakeTables.SILVER_CLICKSTREAM)
                .first();
        Instant cutoff = ((Timestamp) max.get(0)).toInstant().minus(sessionTimeout);
        // A session is active while its last event is within the timeout of the newest event seen. Its figures cover
        // its current active period, which began at its started_at in gold (or in this batch if it is not there), so
        // the scan starts there instead of at the beginning of the table; a day is the hard floor.
        Row oldest = spark.sql("SELECT least(min(started_at), (SELECT min(event_time) FROM aff_session_rows)) FROM " + L
                        + LakeTables.GOLD_SESSIONS + " t LEFT SEMI JOIN aff_session a ON t.session_id = a.session_id")
                .first();
        Instant from = oldest.isNullAt(0) ? cutoff : ((Timestamp) oldest.get(0)).toInstant();
        Instant floor = cutoff.minus(Duration.ofDays(1));
        from = from.isBefore(floor) ? floor : from;
        String src = "SELECT * FROM (SELECT c.session_id, max_by(c.visitor_id, c.event_time) AS visitor_id, "
                + "max(c.customer_id) AS customer_id, min(c.event_time) AS started_at, max(c.event_time) AS last_seen, "
                + "count(*) AS events, current_timestamp() AS updated_at FROM " + L + LakeTables.SILVER_CLICKSTREAM
                + " c "
                + "LEFT SEMI JOIN aff_session a ON c.session_id = a.session_id "
                + "WHERE c.event_time >= " + SqlLiterals.timestamp(from)
                + " GROUP BY c.session_id) WHERE last_seen >= " + SqlLiterals.timestamp(cutoff);
        merge(
                spark,
                writerId,
                batchId,
                LakeTables.GOLD_SESSIONS,
                src,
                "t.session_id = s.session_id",
                "t.last_seen < " + SqlLiterals.timestamp(cutoff));
    }

    private static void merge(
            SparkSession spark,
            String writerId,
            long batchId,
            String table,
            String sourceSql,
            String on,
            String deleteUnmatchedWhen) {
        String sql = "MERGE INTO " + L + table + " t USING (" + sourceSql + ") s ON " + on
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
                + (deleteUnmatchedWhen == null
                        ? ""
                        : " WHEN NOT MATCHED BY SOURCE AND " + deleteUnmatchedWhen + " THEN DELETE");
        boolean wrote = BatchCommits.commitOnce(spark, table, writerId, batchId, Map.of(), () -> spark.sql(sql));
        if (wrote) {
            LOG.debug("gold batch {}: refreshed {}", batchId, table);
        }
    }

    /** The distinct window starts a batch touched, as a temp view and as literal bounds for pruning. */
    private record TimeKeys(Instant min, Instant max, List<Timestamp> values) {
        static TimeKeys collect(SparkSession spark, Dataset<Row> keys, String view) {
            Dataset<Row> distinct = keys.filter(col("k").isNotNull()).distinct();
            List<Row> rows = distinct.collectAsList();
            if (rows.isEmpty()) {
                return null;
            }
            spark.createDataFrame(rows, distinct.schema()).createOrReplaceTempView(view);
            List<Timestamp> ts =
                    rows.stream().map(r -> (Timestamp) r.get(0)).sorted().toList();
            return new TimeKeys(ts.get(0).toInstant(), ts.get(ts.size() - 1).toInstant(), ts);
        }

        String range(String column, Duration width) {
            return column + " >= " + SqlLiterals.timestamp(min) + " AND " + column + " < "
                    + SqlLiterals.timestamp(max.plus(width));
        }

        String literalList() {
            return String.join(
                    ", ",
                    values.stream()
                            .map(t -> SqlLiterals.timestamp(t.toInstant()))
                            .toList());
        }
    }
}
