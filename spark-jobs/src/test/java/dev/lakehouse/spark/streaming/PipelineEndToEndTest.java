package dev.lakehouse.spark.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.silver.SilverProjections;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.Expected;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known input to known output: valid events, resends, undecodable records and late events go through the real
 * broker and registry into bronze, silver and gold, and every table is compared with what the test computes
 * from its own input.
 */
@ExtendWith(LocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {
    @TempDir
    static Path dir;

    Lakehouse lake;
    final List<TestEvent> onTime = new ArrayList<>();
    final List<TestEvent> late = new ArrayList<>();
    final List<TestEvent> rawSent = new ArrayList<>();
    final List<byte[]> quarantinedValues = new ArrayList<>();
    final Set<String> quarantinedAt = new LinkedHashSet<>();

    @BeforeAll
    void runPipeline() {
        String prefix = Topics.createFresh("e2e", 2);
        // The metrics endpoint on a free port; the registry emptied so its values are this run's alone.
        lake = new Lakehouse(dir, prefix, Map.of(LakehouseConfig.METRICS_PORT, "0"));
        StreamMetrics.reset();
        Scenario first = new Scenario(42).shopDay(8, Scenario.T0);
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : first.events()) {
                sendBoth(producer, prefix, e);
                onTime.add(e);
            }
            // Resends: same event (same bytes) again on both topics.
            for (int i : new int[] {3, 10, first.events().size() - 1}) {
                sendBoth(producer, prefix, first.events().get(i));
            }
            // Undecodable: wrong magic byte, unknown schema id, truncated body (raw); garbage on a valid topic.
            byte[] good = EventProducer.frame(
                    producer.register(Domain.ORDERS.rawTopic(prefix), ReaderSchemas.of(Domain.ORDERS)),
                    first.events().stream()
                            .filter(e -> e.domain() == Domain.ORDERS)
                            .findFirst()
                            .orElseThrow()
                            .record(),
                    ReaderSchemas.of(Domain.ORDERS));
            byte[] badMagic = good.clone();
            badMagic[0] = 7;
            byte[] unknownId = good.clone();
            unknownId[1] = 0x7f;
            byte[] truncated = Arrays.copyOf(good, good.length / 2);
            byte[] garbage = "not avro at all".getBytes();
            producer.flush();
            producer.sendRaw(Domain.CLICKSTREAM.rawTopic(prefix), "k1", badMagic);
            producer.sendRaw(Domain.ORDERS.rawTopic(prefix), "k2", unknownId);
            producer.sendRaw(Domain.INVENTORY.rawTopic(prefix), "k3", truncated);
            producer.sendRaw(Domain.ORDERS.validTopic(prefix), "k4", garbage);
            List<RecordMetadata> meta = producer.flush();
            for (int i = 0; i < meta.size(); i++) {
                quarantinedAt.add(meta.get(i).topic() + "/" + meta.get(i).partition() + "/"
                        + meta.get(i).offset());
            }
            quarantinedValues.addAll(List.of(badMagic, unknownId, truncated, garbage));
        }
        lake.runToCompletion();

        // Second run: newer events move the watermarks on; events an hour old are now behind them.
        Scenario second = new Scenario(43);
        TestEvent newClick = second.click(Scenario.T0.plus(Duration.ofMinutes(40)), "s-new", "p2");
        TestEvent newOrder = second.placeOrder(Scenario.T0.plus(Duration.ofMinutes(41)), "c9", "s-new", "EUR", 3, 2);
        TestEvent lateClick = second.click(Scenario.T0.minus(Duration.ofHours(1)), "s-old", "p1");
        TestEvent lateOrder = second.placeOrder(Scenario.T0.minus(Duration.ofHours(1)), "c8", "s-old", "USD", 5, 1);
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : second.events()) {
                sendBoth(producer, prefix, e);
                boolean isLate = e.eventTime().isBefore(Scenario.T0);
                (isLate ? late : onTime).add(e);
            }
            producer.flush();
        }
        assertThat(List.of(newClick, newOrder, lateClick, lateOrder))
                .as("scenario sanity")
                .hasSize(4);
        lake.runToCompletion();
    }

    private void sendBoth(EventProducer producer, String prefix, TestEvent e) {
        producer.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
        producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
        rawSent.add(e);
    }

    private static Set<String> ids(List<TestEvent> events) {
        return events.stream().map(TestEvent::eventId).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void bronzeHoldsEveryDecodableArrivalOnceWithItsKafkaCoordinates() {
        Map<String, Long> expected =
                Expected.counts(rawSent.stream().map(TestEvent::eventId).toList());
        Map<String, Long> actual =
                Expected.counts(lake.strings("SELECT event_id FROM lake." + LakeTables.BRONZE_EVENTS));
        assertThat(actual)
                .as("bronze event ids with multiplicity (resends arrive, and are recorded, twice)")
                .isEqualTo(expected);
        long distinctCoordinates = lake.spark
                .sql("SELECT DISTINCT topic, kafka_partition, kafka_offset FROM lake." + LakeTables.BRONZE_EVENTS)
                .count();
        assertThat(distinctCoordinates)
                .as("each Kafka record is in bronze exactly once")
                .isEqualTo(rawSent.size());
        List<Row> sample = lake.spark
                .sql("SELECT domain, event_type, payload_json, raw_value FROM lake." + LakeTables.BRONZE_EVENTS
                        + " WHERE event_id = '" + onTime.get(0).eventId() + "' LIMIT 1")
                .collectAsList();
        assertThat(sample.get(0).getString(0))
                .as("domain column")
                .isEqualTo(onTime.get(0).domain().id());
        assertThat(sample.get(0).getString(1))
                .as("event type")
                .isEqualTo(onTime.get(0).branch());
        assertThat(sample.get(0).getString(2))
                .as("decoded payload json")
                .contains(onTime.get(0).eventId());
        assertThat((byte[]) sample.get(0).get(3))
                .as("raw bytes start with the Confluent magic byte")
                .startsWith((byte) 0);
    }

    @Test
    void undecodableRecordsAreQuarantinedWithBytesCoordinatesAndError() {
        List<Row> rows = lake.table(LakeTables.QUARANTINE).collectAsList();
        Set<String> at = rows.stream()
                .map(r -> r.getAs("topic") + "/" + r.getAs("kafka_partition") + "/" + r.getAs("kafka_offset"))
                .collect(Collectors.toSet());
        assertThat(at).as("quarantined Kafka coordinates").isEqualTo(quarantinedAt);
        assertThat(rows).as("one row per bad record").hasSize(quarantinedValues.size());
        for (Row r : rows) {
            assertThat((String) r.getAs("error"))
                    .as("error of " + r.getAs("topic"))
                    .isNotBlank();
            byte[] raw = r.getAs("raw_value");
            assertThat(quarantinedValues.stream().anyMatch(v -> Arrays.equals(v, raw)))
                    .as("raw bytes kept")
                    .isTrue();
        }
        Map<String, String> errorByTopic = rows.stream()
                .collect(Collectors.toMap(
                        r -> (String) r.getAs("topic"), r -> (String) r.getAs("error"), (a, b) -> a + " / " + b));
        assertThat(errorByTopic.get(Domain.CLICKSTREAM.rawTopic(lake.topicPrefix)))
                .contains("magic byte");
        assertThat(errorByTopic.get(Domain.ORDERS.rawTopic(lake.topicPrefix))).contains("unknown to the registry");
        assertThat(rows.stream().filter(r -> "silver".equals(r.getAs("source_query"))))
                .as("from the valid topic")
                .hasSize(1);
        Map<String, String> codeByTopic = rows.stream()
                .collect(Collectors.toMap(
                        r -> (String) r.getAs("topic"), r -> (String) r.getAs("reason_code"), (a, b) -> a + " / " + b));
        assertThat(codeByTopic.get(Domain.CLICKSTREAM.rawTopic(lake.topicPrefix)))
                .isEqualTo("NOT_AVRO");
        assertThat(codeByTopic.get(Domain.ORDERS.rawTopic(lake.topicPrefix))).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(codeByTopic.get(Domain.ORDERS.validTopic(lake.topicPrefix))).isEqualTo("NOT_AVRO");
        // the truncated record is an order on the inventory topic: its schema id is judged before its body
        assertThat(codeByTopic.get(Domain.INVENTORY.rawTopic(lake.topicPrefix))).isEqualTo("SCHEMA_MISMATCH");
    }

    @Test
    void silverHoldsEachOnTimeEventExactlyOncePerDomain() {
        for (Domain d : Domain.values()) {
            List<String> actual = lake.strings("SELECT event_id FROM lake." + SilverProjections.silverTable(d));
            assertThat(actual).as("silver.%s has no duplicate event_id", d.id()).doesNotHaveDuplicates();
            assertThat(new java.util.TreeSet<>(actual))
                    .as("silver.%s event ids", d.id())
                    .isEqualTo(ids(Expected.of(onTime, d)));
        }
    }

    @Test
    void lateEventsAreRoutedAndCountedNotDropped() {
        assertThat(new java.util.TreeSet<>(lake.strings("SELECT event_id FROM lake." + LakeTables.LATE_EVENTS)))
                .as("late event ids")
                .isEqualTo(ids(late));
        List<Row> rows = lake.table(LakeTables.LATE_EVENTS).collectAsList();
        for (Row r : rows) {
            assertThat(((Timestamp) r.getAs("event_time")).toInstant())
                    .as("late event is behind its watermark")
                    .isBefore(((Timestamp) r.getAs("watermark")).toInstant());
        }
        long counted = lake.spark
                .sql("SELECT sum(CAST(summary['lakehouse.rows'] AS BIGINT)) FROM lake." + LakeTables.LATE_EVENTS
                        + ".snapshots")
                .first()
                .getLong(0);
        assertThat(counted).as("late count recorded with the commit").isEqualTo(late.size());
    }

    @Test
    void orderItemsAreTheExplodedLinesOfPlacedOrders() {
        Set<String> expected = new java.util.TreeSet<>();
        for (TestEvent e : Expected.of(onTime, Domain.ORDERS)) {
            if (e.branch().equals("OrderPlaced")) {
                for (Object l : (List<?>) e.payload().get("lines")) {
                    var line = (org.apache.avro.generic.GenericRecord) l;
                    expected.add(e.eventId() + "#" + line.get("line_number") + "#" + line.get("product_id") + "#"
                            + line.get("quantity"));
                }
            }
        }
        Set<String> actual =
                new java.util.TreeSet<>(lake.strings("SELECT concat_ws('#', event_id, line_number, product_id, "
                        + "quantity) FROM lake." + LakeTables.SILVER_ORDER_ITEMS));
        assertThat(actual).as("order items").isEqualTo(expected);
    }

    @Test
    void personalDataIsHashedWithTheKeyAndNeverStoredInClear() {
        Map<String, String> expected = new TreeMap<>();
        for (TestEvent e : Expected.of(onTime, Domain.CUSTOMERS)) {
            expected.put(
                    e.eventId(),
                    Expected.hmac(
                            Lakehouse.PII_KEY,
                            e.payload().get("email").toString().trim().toLowerCase()));
        }
        Map<String, String> actual = new TreeMap<>();
        lake.table(LakeTables.SILVER_CUSTOMERS)
                .collectAsList()
                .forEach(r -> actual.put(r.getAs("event_id"), r.getAs("email_hash")));
        assertThat(actual).as("email_hash = HMAC-SHA256(key, normalised email)").isEqualTo(expected);
        List<String> prefixes = lake.strings("SELECT DISTINCT ip_prefix FROM lake." + LakeTables.SILVER_CUSTOMERS);
        assertThat(prefixes).as("IPv4 truncated to /24").containsExactly("192.168.7.0/24");
        String silverText = lake.spark
                .sql("SELECT to_json(struct(*)) FROM lake." + LakeTables.SILVER_CUSTOMERS
                        + " UNION ALL SELECT to_json(struct(*)) FROM lake." + LakeTables.SILVER_CLICKSTREAM)
                .collectAsList()
                .toString();
        assertThat(silverText)
                .as("no clear e-mail or IP in silver")
                .doesNotContain("@Example.COM", "@example.com", "192.168.7.1", "10.0.1.9");
        List<Row> click = lake.spark
                .sql("SELECT ip_hash, ip_prefix FROM lake." + LakeTables.SILVER_CLICKSTREAM + " WHERE event_id = '"
                        + Expected.of(onTime, Domain.CLICKSTREAM).get(0).eventId() + "'")
                .collectAsList();
        assertThat(click.get(0).getString(0))
                .as("clickstream ip hash")
                .isEqualTo(Expected.hmac(Lakehouse.PII_KEY, "10.0.1.9"));
        assertThat(click.get(0).getString(1)).as("clickstream ip prefix").isEqualTo("10.0.1.0/24");
    }

    @Test
    void revenuePerMinuteEqualsTheSumOfPlacedOrders() {
        Map<String, String> actual = new TreeMap<>();
        lake.table(LakeTables.GOLD_REVENUE)
                .collectAsList()
                .forEach(r -> actual.put(
                        ((Timestamp) r.getAs("minute")).toInstant() + "|" + r.getAs("currency"),
                        r.getAs("revenue").toString() + "|" + r.getAs("orders")));
        assertThat(actual)
                .as("gold.revenue_per_minute")
                .isEqualTo(Expected.revenuePerMinute(onTime))
                .isNotEmpty();
    }

    @Test
    void funnelPerFiveMinutesMatchesTheInput() {
        Map<Instant, String> actual = new TreeMap<>();
        lake.table(LakeTables.GOLD_FUNNEL)
                .collectAsList()
                .forEach(r -> actual.put(
                        ((Timestamp) r.getAs("window_start")).toInstant(),
                        r.getAs("sessions") + "|" + r.getAs("product_views") + "|" + r.getAs("carts") + "|"
                                + r.getAs("checkouts") + "|" + r.getAs("orders")));
        assertThat(actual)
                .as("gold.funnel_5m")
                .isEqualTo(Expected.funnel(onTime))
                .isNotEmpty();
    }

    @Test
    void topProductsPerHourMatchTheInput() {
        Map<String, String> actual = new TreeMap<>();
        lake.table(LakeTables.GOLD_TOP_PRODUCTS)
                .collectAsList()
                .forEach(r -> actual.put(
                        ((Timestamp) r.getAs("hour")).toInstant() + "|" + r.getAs("rank"),
                        r.getAs("product_id") + "|" + r.getAs("units") + "|" + r.getAs("orders")));
        assertThat(actual)
                .as("gold.top_products_hourly")
                .isEqualTo(Expected.topProducts(onTime, 10))
                .isNotEmpty();
    }

    @Test
    void currentStockIsTheLatestPerWarehouseSummed() {
        Map<String, String> actual = new TreeMap<>();
        lake.table(LakeTables.GOLD_STOCK)
                .collectAsList()
                .forEach(r ->
                        actual.put(r.getAs("product_id"), r.getAs("quantity_on_hand") + "|" + r.getAs("warehouses")));
        assertThat(actual)
                .as("gold.stock_current")
                .isEqualTo(Expected.stock(onTime))
                .isNotEmpty();
    }

    @Test
    void activeSessionsAreThoseSeenWithinTheTimeout() {
        Map<String, String> actual = new TreeMap<>();
        lake.table(LakeTables.GOLD_SESSIONS)
                .collectAsList()
                .forEach(r -> actual.put(
                        r.getAs("session_id"),
                        r.getAs("events") + "|" + ((Timestamp) r.getAs("started_at")).toInstant() + "|"
                                + ((Timestamp) r.getAs("last_seen")).toInstant()));
        Map<String, String> expected = Expected.activeSessions(onTime, Duration.ofMinutes(30));
        assertThat(actual).as("gold.active_sessions").isEqualTo(expected).isNotEmpty();
        assertThat(expected.size())
                .as("the timeout excluded some old sessions, so the test says something")
                .isLessThan((int) Expected.of(onTime, Domain.CLICKSTREAM).stream()
                        .map(e -> e.record().get("session_id"))
                        .distinct()
                        .count());
    }

    /**
     * The streams' Prometheus endpoint, scraped over HTTP after the run: it serves exactly the metric names that
     * deploy/observability/spark-metrics.txt lists (which the dashboards and alert rules are checked against), and
     * its values are this run's: every query counted its batches, the Kafka queries caught up (nothing behind), and
     * each layer's newest committed event time is the newest on-time event it holds.
     */
    @Test
    void theMetricsEndpointServesTheListedNamesWithThisRunsValues() throws Exception {
        int port = MetricsEndpoint.start(0); // already started by the run: returns its port
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + MetricsEndpoint.PATH))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        Set<String> names = samples.keySet().stream()
                .map(s -> s.replaceAll("\\{.*", ""))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Path listed = Path.of("..", "deploy", "observability", "spark-metrics.txt");
        Set<String> expectedNames = java.nio.file.Files.readAllLines(listed).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(names)
                .as("metric names served (update %s and the dashboards when they change)", listed)
                .isEqualTo(expectedNames);

        for (String q : List.of("bronze", "silver", "gold")) {
            assertThat(samples.get(StreamMetrics.BATCHES + "{query=\"" + q + "\"}"))
                    .as("batches of %s", q)
                    .isGreaterThanOrEqualTo(2.0);
            assertThat(samples.get(StreamMetrics.FAILED + "{query=\"" + q + "\"}"))
                    .isEqualTo(0.0);
        }
        for (String q : List.of("bronze", "silver")) {
            assertThat(samples.get(StreamMetrics.OFFSETS_BEHIND + "{query=\"" + q + "\"}"))
                    .as("available-now caught up: %s has nothing behind", q)
                    .isEqualTo(0.0);
        }
        assertThat(samples.get(StreamMetrics.COMMITTED_RECORDS + "{query=\"bronze\",table=\"" + LakeTables.BRONZE_EVENTS
                        + "\"}"))
                .as("bronze committed every decodable raw record")
                .isEqualTo((double) rawSent.size());
        assertThat(samples.get(
                        StreamMetrics.COMMITTED_RECORDS + "{query=\"bronze\",table=\"" + LakeTables.QUARANTINE + "\"}"))
                .as("and quarantined the three undecodable ones")
                .isEqualTo(3.0);
        Instant newestSilver = onTime.stream()
                .map(TestEvent::eventTime)
                .max(Instant::compareTo)
                .orElseThrow();
        Instant newestGold = onTime.stream()
                .filter(e -> Set.of(Domain.ORDERS, Domain.CLICKSTREAM, Domain.INVENTORY)
                        .contains(e.domain()))
                .map(TestEvent::eventTime)
                .max(Instant::compareTo)
                .orElseThrow();
        assertThat(samples.get(StreamMetrics.NEWEST_EVENT_TIME + "{layer=\"silver\"}"))
                .isEqualTo(newestSilver.toEpochMilli() / 1000.0);
        assertThat(samples.get(StreamMetrics.NEWEST_EVENT_TIME + "{layer=\"gold\"}"))
                .isEqualTo(newestGold.toEpochMilli() / 1000.0);
    }
}
