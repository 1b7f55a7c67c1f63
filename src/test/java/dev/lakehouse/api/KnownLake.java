package dev.lakehouse.api;

import static dev.lakehouse.lake.TestLake.row;

import dev.lakehouse.lake.TestLake;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a lake with known gold, silver and bronze rows over two commits per table before the application starts
 * (as a test resource of {@link ApiTestProfile}), and points the api role at it. Times are days in the past, so
 * every window the API answers must be counted from the newest row, not from the wall clock.
 */
public class KnownLake implements QuarkusTestResourceLifecycleManager {

    public static final Path DIR = Path.of(System.getProperty("project.dir", System.getProperty("user.dir")))
            .resolve("target/api-test-lake");
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Override
    public Map<String, String> start() {
        try (TestLake lake = TestLake.create(DIR)) {
            write(lake);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the test lake in " + DIR, e);
        }
        return Map.of("lakehouse.data-dir", DIR.toString());
    }

    @Override
    public void stop() {}

    static void write(TestLake lake) {
        Instant now = Instant.now();
        lake.table("gold.revenue_per_minute", TestLake.REVENUE, "minute");
        lake.append(
                "gold.revenue_per_minute",
                List.of(
                        row(
                                "minute",
                                at(0),
                                "currency",
                                "EUR",
                                "revenue",
                                money("100.00"),
                                "orders",
                                2L,
                                "updated_at",
                                now),
                        row(
                                "minute",
                                at(1),
                                "currency",
                                "EUR",
                                "revenue",
                                money("50.50"),
                                "orders",
                                1L,
                                "updated_at",
                                now),
                        row(
                                "minute",
                                at(1),
                                "currency",
                                "USD",
                                "revenue",
                                money("20.00"),
                                "orders",
                                1L,
                                "updated_at",
                                now)));
        lake.append(
                "gold.revenue_per_minute",
                List.of(
                        row(
                                "minute",
                                at(2),
                                "currency",
                                "EUR",
                                "revenue",
                                money("30.25"),
                                "orders",
                                1L,
                                "updated_at",
                                now),
                        row(
                                "minute",
                                at(45),
                                "currency",
                                "EUR",
                                "revenue",
                                money("10.00"),
                                "orders",
                                1L,
                                "updated_at",
                                now)));

        lake.table("gold.funnel_5m", TestLake.FUNNEL, "window_start");
        lake.append("gold.funnel_5m", List.of(funnel(0, 10, 30, 4, 2, 1, now), funnel(5, 20, 50, 5, 3, 2, now)));
        lake.append("gold.funnel_5m", List.of(funnel(40, 10, 20, 1, 1, 1, now)));

        lake.table("gold.top_products_hourly", TestLake.TOP_PRODUCTS, "hour");
        lake.append("gold.top_products_hourly", List.of(top(-60, "p-9", 3, 2, 1, now)));
        lake.append(
                "gold.top_products_hourly",
                List.of(top(0, "p-2", 7, 3, 1, now), top(0, "p-1", 5, 5, 2, now), top(0, "p-3", 1, 1, 3, now)));

        lake.table("gold.stock_current", TestLake.STOCK, null);
        lake.append(
                "gold.stock_current",
                List.of(
                        stock("p-1", 50, 2, now),
                        stock("p-2", 5, 1, now),
                        stock("p-3", 0, 1, now),
                        stock("p-4", 12, 2, now)));
        lake.replaceAll(
                "gold.stock_current",
                List.of(
                        stock("p-1", 50, 2, now),
                        stock("p-2", 3, 1, now),
                        stock("p-3", 0, 1, now),
                        stock("p-4", 12, 2, now)));

        lake.table("gold.active_sessions", TestLake.SESSIONS, null);
        lake.append(
                "gold.active_sessions",
                List.of(session("s-1", 30, now), session("s-2", 44, now), session("s-3", 40, now)));

        // Names for the KPIs' products: p-2 renamed in a later commit, p-3's price change carries no name, p-4 and
        // p-9 are never named.
        lake.table("silver.catalog", TestLake.SILVER_CATALOG, "event_time");
        lake.append(
                "silver.catalog",
                List.of(
                        product(-120, "ProductCreated", "p-1", "Trail Runner 2", "Shoes", "Nordpeak"),
                        product(-120, "ProductCreated", "p-2", "Desk Lamp", "Home", "Lumo"),
                        product(-120, "ProductCreated", "p-3", "Espresso Cups (set of 4)", "Kitchen", "Casa")));
        lake.append(
                "silver.catalog",
                List.of(
                        product(-30, "ProductUpdated", "p-2", "Desk Lamp Pro", "Home", "Lumo"),
                        product(-20, "PriceChanged", "p-3", null, null, null)));

        // The dbt mart of customer value: two champions, one loyal, one new, one hibernating; no promising or at_risk.
        lake.table("marts.mart_customer_lifetime_value", TestLake.CUSTOMER_VALUE, null);
        lake.append(
                "marts.mart_customer_lifetime_value",
                List.of(
                        customer("c-1", 5, "500.00", 1, "champions"),
                        customer("c-2", 4, "300.00", 3, "champions"),
                        customer("c-3", 4, "200.00", 20, "loyal"),
                        customer("c-4", 1, "50.00", 2, "new"),
                        customer("c-5", 1, "30.00", 60, "hibernating")));

        lake.table("silver.orders", TestLake.SILVER_ORDERS, "event_time");
        lake.append(
                "silver.orders",
                List.of(
                        row(
                                "event_id",
                                "e-1",
                                "event_time",
                                at(0),
                                "event_type",
                                "OrderPlaced",
                                "order_id",
                                "o-1",
                                "total",
                                money("60.00"),
                                "currency",
                                "EUR"),
                        row(
                                "event_id",
                                "e-2",
                                "event_time",
                                at(0),
                                "event_type",
                                "OrderPlaced",
                                "order_id",
                                "o-2",
                                "total",
                                money("40.00"),
                                "currency",
                                "EUR")));
        lake.table("silver.late_events", TestLake.LATE_EVENTS, "ingest_time");

        lake.table("bronze.events", TestLake.BRONZE_EVENTS, "ingest_time");
        lake.append(
                "bronze.events",
                List.of(
                        row(
                                "domain",
                                "orders",
                                "event_id",
                                "e-1",
                                "event_time",
                                at(0),
                                "raw_value",
                                java.nio.ByteBuffer.wrap(new byte[] {0, 1, 2}),
                                "ingest_time",
                                at(0)),
                        row("domain", "orders", "event_id", "e-2", "event_time", at(0), "ingest_time", at(0)),
                        row("domain", "clickstream", "event_id", "e-3", "event_time", at(1), "ingest_time", at(1))));

        writeRecommendations(lake, "item2item-20261120T120000Z", T0.plusSeconds(7200));
    }

    /** The recommender's tables as spark-jobs' recommend writes them (docs/recommendations.md). */
    static void writeRecommendations(TestLake lake, String version, Instant generatedAt) {
        for (var spec : dev.lakehouse.contracts.lake.LakeTables.ml()) {
            if (lake.exists(spec.name())) {
                continue;
            }
            lake.table(spec.name(), TestLake.schemaOf(spec), null);
        }
        List<Map<String, Object>> lists = new java.util.ArrayList<>();
        for (int rank = 1; rank <= 3; rank++) {
            lists.add(recommendation("c-1", rank, "p-" + rank, version, generatedAt));
            lists.add(recommendation("c-2", rank, "p-" + (rank + 3), version, generatedAt));
        }
        lake.replaceAll("ml.recommendations", lists);
        lake.replaceAll(
                "ml.popular_products",
                List.of(
                        row(
                                "rank",
                                1,
                                "product_id",
                                "p-9",
                                "product_name",
                                "Kettle p-9",
                                "category",
                                "home",
                                "score",
                                40.0,
                                "model_version",
                                version,
                                "generated_at",
                                generatedAt),
                        row(
                                "rank",
                                2,
                                "product_id",
                                "p-8",
                                "product_name",
                                "Lamp p-8",
                                "category",
                                "home",
                                "score",
                                30.0,
                                "model_version",
                                version,
                                "generated_at",
                                generatedAt)));
        lake.append(
                "ml.models",
                List.of(row(
                        "model_version",
                        version,
                        "trained_at",
                        generatedAt,
                        "algorithm",
                        "item-to-item cosine, implicit feedback",
                        "params",
                        "{\"neighbours\": 50}",
                        "source_snapshots",
                        "{\"silver.order_items\": 1}",
                        "split_cutoff",
                        generatedAt.minusSeconds(3600),
                        "train_interactions",
                        1000L,
                        "customers_scored",
                        2L,
                        "test_customers",
                        40L,
                        "precision_at_10",
                        0.06,
                        "recall_at_10",
                        0.3,
                        "baseline_precision_at_10",
                        0.02,
                        "baseline_recall_at_10",
                        0.1,
                        "training_seconds",
                        1.5,
                        "scoring_seconds",
                        2.5)));
    }

    private static Map<String, Object> recommendation(
            String customer, int rank, String product, String version, Instant generatedAt) {
        return row(
                "customer_id", customer,
                "rank", rank,
                "product_id", product,
                "product_name", "Product " + product,
                "category", "electronics",
                "score", 10.0 / rank,
                "model_version", version,
                "generated_at", generatedAt);
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static Map<String, Object> funnel(
            int minute, long sessions, long views, long carts, long checkouts, long orders, Instant now) {
        return row(
                "window_start",
                at(minute),
                "window_end",
                at(minute + 5),
                "sessions",
                sessions,
                "product_views",
                views,
                "carts",
                carts,
                "checkouts",
                checkouts,
                "orders",
                orders,
                "updated_at",
                now);
    }

    private static Map<String, Object> top(int minute, String product, long units, long orders, int rank, Instant now) {
        return row(
                "hour",
                at(minute),
                "product_id",
                product,
                "units",
                units,
                "orders",
                orders,
                "rank",
                rank,
                "updated_at",
                now);
    }

    private static Map<String, Object> customer(String id, long orders, String revenue, int recency, String segment) {
        return row(
                "customer_id",
                id,
                "orders",
                orders,
                "lifetime_revenue",
                money(revenue),
                "as_of_time",
                at(30),
                "recency_days",
                recency,
                "rfm_segment",
                segment);
    }

    private static Map<String, Object> product(
            int minute, String type, String id, String name, String category, String brand) {
        return row(
                "event_id",
                type + "-" + id,
                "event_time",
                at(minute),
                "event_type",
                type,
                "product_id",
                id,
                "name",
                name,
                "category",
                category,
                "brand",
                brand);
    }

    private static Map<String, Object> stock(String product, long quantity, int warehouses, Instant now) {
        return row(
                "product_id",
                product,
                "quantity_on_hand",
                quantity,
                "warehouses",
                warehouses,
                "last_event_time",
                at(30),
                "updated_at",
                now);
    }

    private static Map<String, Object> session(String id, int lastSeenMinute, Instant now) {
        return row(
                "session_id",
                id,
                "visitor_id",
                "v-" + id,
                "started_at",
                at(0),
                "last_seen",
                at(lastSeenMinute).plusSeconds(30),
                "events",
                5L,
                "updated_at",
                now);
    }
}
