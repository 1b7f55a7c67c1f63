package dev.lakehouse.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.lake.TestLake;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.KeycloakResource;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint against a real lake with known rows (KnownLake) and the real test broker, signed in as an analyst (the
 * role every endpoint here admits; ApiAccessTest has the matrix of roles).
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(KeycloakResource.class)
class ApiTest {

    @TestHTTPResource(value = "/openapi", management = true) // under the management root, /q
    URL openApi;

    @Test
    void revenueCountsBackFromTheNewestMinuteNotTheClock() {
        JsonPath all = get("/api/kpis/revenue");
        assertThat(all.getString("newestMinute")).isEqualTo("2026-11-20T10:45:00Z");
        assertThat(all.getString("from")).isEqualTo("2026-11-20T09:46:00Z");
        assertThat(all.getString("to")).isEqualTo("2026-11-20T10:46:00Z");
        assertThat(all.getLong("ordersTotal")).isEqualTo(6);
        assertThat(all.getList("totals.currency")).containsExactly("EUR", "USD");
        assertThat(all.getList("totals.revenue", Double.class)).containsExactly(190.75, 20.00);
        assertThat(all.getList("totals.orders", Long.class)).containsExactly(5L, 1L);
        assertThat(all.getList("series.minute"))
                .containsExactly(
                        "2026-11-20T10:00:00Z",
                        "2026-11-20T10:01:00Z",
                        "2026-11-20T10:01:00Z",
                        "2026-11-20T10:02:00Z",
                        "2026-11-20T10:45:00Z");
        assertThat(all.getList("series.currency")).containsExactly("EUR", "EUR", "USD", "EUR", "EUR");

        JsonPath last5 = get("/api/kpis/revenue?minutes=5");
        assertThat(last5.getList("series.minute")).containsExactly("2026-11-20T10:45:00Z");
        assertThat(last5.getList("totals.revenue", Double.class)).containsExactly(10.00);
        assertThat(last5.getLong("ordersTotal")).isEqualTo(1);
    }

    @Test
    void funnelSumsWindowsAndGivesConversionOfSessions() {
        JsonPath funnel = get("/api/kpis/funnel");
        assertThat(funnel.getString("newestWindow")).isEqualTo("2026-11-20T10:40:00Z");
        assertThat(funnel.getList("series.windowStart"))
                .containsExactly("2026-11-20T10:00:00Z", "2026-11-20T10:05:00Z", "2026-11-20T10:40:00Z");
        assertThat(funnel.getMap("totals"))
                .containsAllEntriesOf(
                        Map.of("sessions", 40, "productViews", 100, "carts", 10, "checkouts", 6, "orders", 4));
        assertThat(funnel.getDouble("totals.cartRate")).isEqualTo(25.0);
        assertThat(funnel.getDouble("totals.checkoutRate")).isEqualTo(15.0);
        assertThat(funnel.getDouble("totals.orderRate")).isEqualTo(10.0);

        JsonPath one = get("/api/kpis/funnel?windows=1");
        assertThat(one.getList("series.windowStart")).containsExactly("2026-11-20T10:40:00Z");
        assertThat(one.getLong("totals.sessions")).isEqualTo(10);
    }

    @Test
    void topProductsOfTheNewestOrAGivenHour() {
        JsonPath latest = get("/api/kpis/top-products");
        assertThat(latest.getString("hour")).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(latest.getList("products.productId")).containsExactly("p-2", "p-1", "p-3");
        assertThat(latest.getList("products.rank", Integer.class)).containsExactly(1, 2, 3);
        assertThat(latest.getList("products.units", Long.class)).containsExactly(7L, 5L, 1L);
        assertThat(latest.getList("products.orders", Long.class)).containsExactly(3L, 5L, 1L);
        assertThat(latest.getList("products.name"))
                .as("names from silver.catalog, the newest that names the product")
                .containsExactly("Desk Lamp Pro", "Trail Runner 2", "Espresso Cups (set of 4)");
        assertThat(latest.getList("products.category")).containsExactly("Home", "Shoes", "Kitchen");

        JsonPath earlier = get("/api/kpis/top-products?hour=2026-11-20T09:00:00Z");
        assertThat(earlier.getList("products.productId")).containsExactly("p-9");
        assertThat(earlier.getList("products.name"))
                .as("a product the catalog never named")
                .containsNull();
        assertThat(earlier.getString("newestHour")).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(get("/api/kpis/top-products?hour=2026-11-20T08:00:00Z").getList("products"))
                .isEmpty();
    }

    @Test
    void customerValuePerSegmentSumsTheMart() {
        JsonPath value = get("/api/kpis/customer-value");
        assertThat(value.getString("asOf")).isEqualTo("2026-11-20T10:30:00Z");
        assertThat(value.getLong("customers")).isEqualTo(5);
        assertThat(value.getDouble("revenue")).isEqualTo(1080.0);
        assertThat(value.getList("segments.segment"))
                .as("every segment, best first")
                .containsExactly("champions", "loyal", "promising", "new", "at_risk", "hibernating");
        assertThat(value.getList("segments.name"))
                .containsExactly("Champions", "Loyal", "Promising", "New", "At risk", "Hibernating");
        assertThat(value.getList("segments.customers", Long.class)).containsExactly(2L, 1L, 0L, 1L, 0L, 1L);
        assertThat(value.getList("segments.customerShare", Double.class))
                .containsExactly(40.0, 20.0, 0.0, 20.0, 0.0, 20.0);
        assertThat(value.getList("segments.avgOrders", Double.class)).containsExactly(4.5, 4.0, null, 1.0, null, 1.0);
        assertThat(value.getList("segments.avgLifetimeRevenue", Double.class))
                .containsExactly(400.0, 200.0, null, 50.0, null, 30.0);
        assertThat(value.getList("segments.revenueShare", Double.class))
                .containsExactly(74.07, 18.52, 0.0, 4.63, 0.0, 2.78);
        assertThat(value.getList("segments.avgRecencyDays", Double.class))
                .containsExactly(2.0, 20.0, null, 2.0, null, 60.0);
        assertThat(get("/api/summary").getMap("customerValue")).isEqualTo(value.getMap("$"));
    }

    @Test
    void lowestStockFromTheLatestCommit() {
        JsonPath stock = get("/api/kpis/stock?limit=2");
        assertThat(stock.getList("products.productId")).containsExactly("p-3", "p-2");
        assertThat(stock.getList("products.quantityOnHand", Long.class)).containsExactly(0L, 3L);
        assertThat(stock.getList("products.name")).containsExactly("Espresso Cups (set of 4)", "Desk Lamp Pro");
        assertThat(stock.getLong("productsTracked")).isEqualTo(4);
        assertThat(get("/api/kpis/stock").getList("products")).hasSize(4);
    }

    @Test
    void activeSessionsAndTheSummaryAgree() {
        JsonPath sessions = get("/api/kpis/active-sessions");
        assertThat(sessions.getLong("activeSessions")).isEqualTo(3);
        assertThat(sessions.getString("newestActivity")).isEqualTo("2026-11-20T10:44:30Z");

        JsonPath summary = get("/api/summary");
        assertThat(summary.getString("generatedAt")).endsWith("Z");
        assertThat(summary.getMap("revenue")).isEqualTo(get("/api/kpis/revenue").getMap("$"));
        assertThat(summary.getMap("funnel")).isEqualTo(get("/api/kpis/funnel").getMap("$"));
        assertThat(summary.getMap("topProducts"))
                .isEqualTo(get("/api/kpis/top-products").getMap("$"));
        assertThat(summary.getMap("lowestStock"))
                .isEqualTo(get("/api/kpis/stock").getMap("$"));
        assertThat(summary.getLong("activeSessions.activeSessions")).isEqualTo(3);
        assertThat(summary.getList("pipeline.layers.layer")).containsExactly("bronze", "silver", "gold");
    }

    @Test
    void lakeHealthMatchesTheTablesMetadata() throws Exception {
        JsonPath health = get("/api/lake/tables");
        assertThat(health.getList("tables.table"))
                .containsExactly(
                        "bronze.events",
                        "silver.catalog",
                        "silver.late_events",
                        "silver.orders",
                        "gold.active_sessions",
                        "gold.funnel_5m",
                        "gold.revenue_per_minute",
                        "gold.stock_current",
                        "gold.top_products_hourly");
        assertThat(health.getList("tables.rows", Long.class)).containsExactly(3L, 5L, 0L, 2L, 3L, 3L, 5L, 4L, 4L);
        assertThat(health.getList("tables.snapshots", Integer.class)).containsExactly(1, 2, 0, 1, 1, 2, 2, 2, 2);
        // One file per commit and day partition; the stock rewrite replaced its only file.
        assertThat(health.getList("tables.dataFiles", Long.class)).containsExactly(1L, 2L, 0L, 1L, 1L, 2L, 2L, 1L, 2L);
        assertThat(health.getString("tables[2].lastCommit")).isNull();

        try (TestLake lake = TestLake.open(KnownLake.DIR)) {
            Table revenue = lake.load("gold.revenue_per_minute");
            Instant committed = Instant.ofEpochMilli(revenue.currentSnapshot().timestampMillis());
            assertThat(health.getString("tables[6].lastCommit")).isEqualTo(committed.toString());
            assertThat(health.getLong("tables[6].currentSnapshotId"))
                    .isEqualTo(revenue.currentSnapshot().snapshotId());
            double freshness = health.getDouble("tables[6].freshnessSeconds");
            double expected = Duration.between(committed, Instant.parse(health.getString("checkedAt")))
                            .toMillis()
                    / 1000.0;
            assertThat(freshness).isEqualTo(expected);

            Instant newestGold = List.of(
                            "gold.active_sessions",
                            "gold.funnel_5m",
                            "gold.revenue_per_minute",
                            "gold.stock_current",
                            "gold.top_products_hourly")
                    .stream()
                    .map(t ->
                            Instant.ofEpochMilli(lake.load(t).currentSnapshot().timestampMillis()))
                    .max(Instant::compareTo)
                    .orElseThrow();
            JsonPath pipeline = get("/api/pipeline");
            assertThat(pipeline.getString("layers[2].lastCommit")).isEqualTo(newestGold.toString());
            assertThat(pipeline.getString("layers[0].table")).isEqualTo("bronze.events");
        }
    }

    @Test
    void timeTravelReturnsTheEarlierSnapshotsRows() throws Exception {
        List<Long> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        try (TestLake lake = TestLake.open(KnownLake.DIR)) {
            for (Snapshot s : lake.load("gold.revenue_per_minute").snapshots()) {
                ids.add(s.snapshotId());
                times.add(Instant.ofEpochMilli(s.timestampMillis()));
            }
        }
        JsonPath snapshots = get("/api/tables/gold/revenue_per_minute/snapshots");
        assertThat(snapshots.getList("snapshots.snapshotId", Long.class)).containsExactlyElementsOf(ids);
        assertThat(snapshots.getList("snapshots.totalRecords", Long.class)).containsExactly(3L, 5L);
        assertThat(snapshots.getLong("currentSnapshotId")).isEqualTo(ids.get(1));

        JsonPath first = get("/api/tables/gold/revenue_per_minute/rows?snapshot=" + ids.get(0));
        assertThat(first.getLong("snapshot.snapshotId")).isEqualTo(ids.get(0));
        assertThat(first.getList("rows.revenue", Double.class)).containsExactlyInAnyOrder(100.00, 50.50, 20.00);
        assertThat(first.getList("columns.name"))
                .containsExactly("minute", "currency", "revenue", "orders", "updated_at");

        JsonPath asOf = get("/api/tables/gold/revenue_per_minute/rows?asOf=" + times.get(0));
        assertThat(asOf.getLong("snapshot.snapshotId")).isEqualTo(ids.get(0));
        assertThat(asOf.getString("asOf")).isEqualTo(times.get(0).toString());
        assertThat(asOf.getList("rows.minute"))
                .containsExactlyInAnyOrder("2026-11-20T10:00:00Z", "2026-11-20T10:01:00Z", "2026-11-20T10:01:00Z");

        JsonPath current = get("/api/tables/gold/revenue_per_minute/rows");
        assertThat(current.getLong("snapshot.snapshotId")).isEqualTo(ids.get(1));
        assertThat(current.getList("rows")).hasSize(5);
        JsonPath limited = get("/api/tables/gold/revenue_per_minute/rows?limit=2");
        assertThat(limited.getList("rows")).hasSize(2);
        assertThat(limited.getBoolean("truncated")).isTrue();

        // Whole records in clear: not on an analyst's list of columns.
        JsonPath empty = get("/api/tables/silver/late_events/rows");
        assertThat(empty.getList("rows")).isEmpty();
        assertThat(empty.getString("snapshot")).isNull();
        assertThat(empty.getList("columns.name"))
                .contains("event_id", "domain")
                .doesNotContain("payload_json", "record_key");
        JsonPath orders = get("/api/tables/silver/orders/rows");
        assertThat(orders.getList("columns.name")).contains("order_id", "total").doesNotContain("customer_id");
        List<Map<String, Object>> orderRows = orders.getList("rows");
        assertThat(orderRows).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContainKey("customer_id"));
    }

    @Test
    void badInputIsAProblemNeverAServerError() {
        problem("/api/tables/gold/nope/rows", 403, "gold.nope is not readable");
        problem("/api/tables/nowhere/revenue_per_minute/snapshots", 403, "'nowhere' is not readable");
        problem("/api/tables/silver/clickstream/rows", 404, "no table silver.clickstream");
        problem("/api/tables/gold/revenue_per_minute/rows?asOf=yesterday", 400, "asOf");
        problem("/api/tables/gold/revenue_per_minute/rows?asOf=2026-11-20T10:00:00", 400, "asOf");
        problem("/api/tables/gold/revenue_per_minute/rows?asOf=2000-01-01T00:00:00Z", 404, "no snapshot");
        problem("/api/tables/gold/revenue_per_minute/rows?snapshot=123", 404, "snapshot 123");
        problem("/api/tables/gold/revenue_per_minute/rows?snapshot=abc", 400, "snapshot");
        problem("/api/tables/gold/revenue_per_minute/rows?snapshot=1&asOf=2026-11-20T10:00:00Z", 400, "not both");
        problem("/api/tables/gold/revenue_per_minute/rows?limit=5000", 400, "limit");
        problem("/api/tables/gold/revenue_per_minute/rows?limit=-1", 400, "limit");
        problem("/api/kpis/stock?limit=abc", 400, "limit");
        problem("/api/kpis/revenue?minutes=0", 400, "minutes");
        problem("/api/kpis/funnel?windows=x", 400, "windows");
        problem("/api/kpis/top-products?hour=2026-11-20T10:30:00Z", 400, "start of an hour");
        problem("/api/nothing-here", 404, "no such resource");
    }

    @Test
    void pipelineRatesFollowTheTopicsEndOffsets() {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.rawProducer()) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(Domain.ORDERS.rawTopic(), ("k" + i).getBytes(), new byte[] {1}));
            }
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(Domain.DEAD_LETTER_TOPIC, ("k" + i).getBytes(), new byte[] {1}));
            }
            producer.flush();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath pipeline = get("/api/pipeline");
            assertThat(pipeline.getString("kafkaError")).isNull();
            Map<String, Integer> ends = new java.util.HashMap<>();
            List<Map<String, Object>> topics = pipeline.getList("topics");
            topics.forEach(t -> ends.put((String) t.get("topic"), ((Number) t.get("endOffset")).intValue()));
            assertThat(ends)
                    .containsEntry(Domain.ORDERS.rawTopic(), 40)
                    .containsEntry(Domain.DEAD_LETTER_TOPIC, 4)
                    .containsEntry(Domain.CLICKSTREAM.rawTopic(), 0);
            assertThat(pipeline.getDouble("rawEventsPerSecond")).isPositive();
            assertThat(pipeline.getDouble("dlqEventsPerSecond")).isPositive();
            // The window covers both sends: rates equal records over the window.
            double window = pipeline.getDouble("windowSeconds");
            assertThat(pipeline.getDouble("rawEventsPerSecond"))
                    .isCloseTo(40 / window, org.assertj.core.data.Offset.offset(0.01));
            assertThat(pipeline.getDouble("dlqPercentOfRaw")).isEqualTo(10.0);
        });
    }

    @Test
    void openApiAndDashboardAreServed() {
        given().when()
                .get(openApi)
                .then()
                .statusCode(200)
                .body(containsString("/api/summary"))
                .body(containsString("/api/tables/{namespace}/{table}/rows"));
        given().when().get("/").then().statusCode(200).body(containsString("data-kpi=\"revenue-total\""));
        // Only on the management port: the public one serves the API and the dashboard.
        for (String path : List.of("/q/openapi", "/q/metrics", "/q/health")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    private static JsonPath get(String path) {
        return given().auth()
                .oauth2(Tokens.of("analyst"))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    private static void problem(String path, int status, String detailContains) {
        given().auth()
                .oauth2(Tokens.of("analyst"))
                .when()
                .get(path)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detailContains));
    }
}
