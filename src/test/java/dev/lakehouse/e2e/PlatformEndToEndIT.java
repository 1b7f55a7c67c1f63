package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.generator.Fault;
import dev.lakehouse.generator.LedgerEntry;
import dev.lakehouse.generator.LedgerReader;
import dev.lakehouse.testing.LocalStackResource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * The whole platform, started as a user starts it ({@code ./lakehouse run}) with the fixed 'e2e' scenario: a
 * seeded 50,000-record backfill with every fault type. Once the streams have drained, every number is
 * reconciled with the generator's ledger, the API is compared with the tables, the dashboard with the API
 * (headless Chromium), and Ctrl-C must leave no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final PlatformRun RUN = new PlatformRun("e2e", 700);
    static final List<String> DOMAINS = List.of("clickstream", "orders", "inventory", "customers", "catalog");
    static final Set<String> POISON = Set.of(Fault.POISON_NOT_AVRO.name(), Fault.POISON_UNKNOWN_SCHEMA.name(),
            Fault.POISON_BUSINESS_RULE.name());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<LedgerEntry> ledger;
    private static LakeTables lake;

    @BeforeAll
    static void runThePlatform() throws Exception {
        RUN.start("e2e");
        RUN.awaitGeneratorFinished();
        ledger = LedgerReader.entries(RUN.dir.resolve("ledger/run-7"));
        lake = LakeTables.embedded(RUN.dir.resolve("lake"));
        RUN.awaitCount(() -> silverAndLateIds(lake).size(), genuineIds(ledger).size());
        // Gold is recomputed from silver after silver commits: current once it committed after silver's last commit.
        RUN.await("gold to catch up with silver", Duration.ofMinutes(5),
                () -> lake.lastCommit("gold.revenue_per_minute") > lake.lastCommit("silver.orders"));
    }

    @AfterAll
    static void stopIfStillRunning() throws InterruptedException {
        if (RUN.isRunning()) {
            RUN.stop();
        }
    }

    @Test
    @Order(1)
    void silverHoldsEachValidUniqueEventOnce() {
        for (String domain : DOMAINS) {
            assertSilverHoldsTheLedgersEvents(lake, ledger, domain);
        }
    }

    @Test
    @Order(2)
    void lateEventsAreInTheLateTableBehindTheirWatermark() {
        Set<String> injectedLate = idsWithFault(ledger, Fault.LATE.name());
        List<Record> lateRows = lake.rows("silver.late_events");
        assertThat(lateRows).as("late events").isNotEmpty();
        for (Record r : lateRows) {
            assertThat(injectedLate).as("a late row is an event the generator sent late").contains((String) r.getField("event_id"));
            assertThat((OffsetDateTime) r.getField("event_time")).as("event %s is behind its watermark", r.getField("event_id"))
                    .isBefore((OffsetDateTime) r.getField("watermark"));
        }
        assertThat(lateRows.stream().map(r -> (String) r.getField("event_id"))).as("late events").doesNotHaveDuplicates();
        // Every event sent late is in the late table, or, when it came before its table had a watermark (Spark's rule: the
        // first batch of an empty table accepts everything), in silver from that first batch.
        Set<String> inLateTable = lateRows.stream().map(r -> (String) r.getField("event_id")).collect(Collectors.toSet());
        for (String domain : DOMAINS) {
            List<Record> rows = lake.rows("silver." + domain);
            OffsetDateTime firstBatch = rows.stream().map(r -> (OffsetDateTime) r.getField("ingest_time"))
                    .min(OffsetDateTime::compareTo).orElse(null);
            for (Record r : rows) {
                if (injectedLate.contains((String) r.getField("event_id"))) {
                    assertThat((OffsetDateTime) r.getField("ingest_time"))
                            .as("late event %s in silver.%s came with the table's first batch", r.getField("event_id"), domain)
                            .isEqualTo(firstBatch);
                }
            }
        }
        assertThat(silverAndLateIds(lake)).as("no late event is lost").containsAll(injectedLate);
        assertThat(inLateTable).as("late events routed to the late table").isNotEmpty();
    }

    @Test
    @Order(3)
    void deadLetterAndQuarantineHoldExactlyThePoison() throws Exception {
        List<LedgerEntry> poison = ledger.stream().filter(e -> isPoison(e)).toList();
        List<ConsumerRecord<String, byte[]>> dead = readAll(RUN.bootstrap(), "commerce.dlq", poison.size());
        Map<String, Long> expectedByTopicAndKey = poison.stream().collect(Collectors.groupingBy(
                e -> "commerce." + e.domain() + ".raw/" + e.key(), TreeMap::new, Collectors.counting()));
        Map<String, Long> deadByTopicAndKey = dead.stream().collect(Collectors.groupingBy(
                r -> header(r, "dlq.source.topic") + "/" + r.key(), TreeMap::new, Collectors.counting()));
        assertThat(deadByTopicAndKey).as("dead-letter topic = the injected poison records, by source topic and key")
                .isEqualTo(expectedByTopicAndKey);

        Set<String> undecodable = poison.stream()
                .filter(e -> !e.fault().equals(Fault.POISON_BUSINESS_RULE.name())).map(LedgerEntry::key).collect(Collectors.toSet());
        assertThat(new HashSet<>(lake.column("bronze.quarantine", "record_key")))
                .as("bronze.quarantine = the records that are not decodable Avro").isEqualTo(undecodable);

        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(RUN.s3())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            ListObjectsV2Request quarantine = ListObjectsV2Request.builder().bucket("lakehouse").prefix("quarantine/").build();
            RUN.await("the quarantine archive in S3", Duration.ofMinutes(2),
                    () -> s3.listObjectsV2Paginator(quarantine).contents().stream().count() >= poison.size());
            long archived = s3.listObjectsV2Paginator(quarantine).contents().stream().count();
            assertThat(archived).as("every dead letter archived to S3 once").isEqualTo(poison.size());
        }
    }

    @Test
    @Order(4)
    void goldRevenueAndOrdersPerMinuteEqualTheLedger() {
        Set<String> late = new HashSet<>(lake.column("silver.late_events", "event_id"));
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, Long> orders = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : ledger) {
            if (e.type().equals("OrderPlaced") && onTime(e, late) && seen.add(e.eventId())) {
                String key = minute(e.eventTime()) + " " + e.currency();
                revenue.merge(key, new BigDecimal(e.amount()), BigDecimal::add);
                orders.merge(key, 1L, Long::sum);
            }
        }
        Map<String, BigDecimal> goldRevenue = new TreeMap<>();
        Map<String, Long> goldOrders = new TreeMap<>();
        for (Record r : lake.rows("gold.revenue_per_minute")) {
            String key = ((OffsetDateTime) r.getField("minute")).toInstant() + " " + r.getField("currency");
            goldRevenue.put(key, (BigDecimal) r.getField("revenue"));
            goldOrders.put(key, (Long) r.getField("orders"));
        }
        assertThat(orders).as("orders in the run").isNotEmpty();
        assertThat(goldOrders).as("gold orders per minute and currency = the ledger's").isEqualTo(orders);
        assertThat(goldRevenue).as("gold revenue per minute and currency = the ledger's")
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(revenue);
    }

    @Test
    @Order(5)
    void apiAnswersWhatTheTablesHold() throws Exception {
        JsonNode revenue = JSON.readTree(RUN.get("/api/kpis/revenue?minutes=1440"));
        Map<String, String> api = new TreeMap<>();
        revenue.get("series").forEach(p -> api.put(p.get("minute").asText() + " " + p.get("currency").asText(),
                p.get("revenue").decimalValue().stripTrailingZeros().toPlainString() + " / " + p.get("orders").asLong()));
        Map<String, String> table = new TreeMap<>();
        // The API answers the 24 hours up to the newest minute; late events accepted by a first batch can be older.
        java.time.Instant from = Instant.parse(revenue.get("from").asText());
        for (Record r : lake.rows("gold.revenue_per_minute")) {
            if (((OffsetDateTime) r.getField("minute")).toInstant().isBefore(from)) {
                continue;
            }
            table.put(((OffsetDateTime) r.getField("minute")).toInstant() + " " + r.getField("currency"),
                    ((BigDecimal) r.getField("revenue")).stripTrailingZeros().toPlainString() + " / " + r.getField("orders"));
        }
        assertThat(api).as("API revenue and orders per minute = gold.revenue_per_minute").isEqualTo(table);

        JsonNode health = JSON.readTree(RUN.get("/api/lake/tables"));
        Map<String, Long> apiRows = new TreeMap<>();
        health.get("tables").forEach(t -> apiRows.put(t.get("table").asText(), t.get("rows").asLong()));
        for (String t : List.of("bronze.events", "bronze.quarantine", "silver.orders", "silver.late_events", "gold.funnel_5m")) {
            assertThat(apiRows.get(t)).as("rows of %s in the lake-health answer", t).isEqualTo(lake.rows(t).size());
        }
    }

    @Test
    @Order(6)
    void dashboardShowsTheApisNumbers() throws Exception {
        Path screenshot = LocalStackResource.PROJECT.resolve("target/e2e-dashboard.png");
        Process check = new ProcessBuilder(LocalStackResource.PROJECT.resolve("e2e/dashboard-check.sh").toString(), RUN.app() + "/",
                screenshot.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as("browser check (needs Debian's chromium):%n%s", output).isZero();
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    @Order(100)
    void ctrlCStopsEveryPart() throws Exception {
        assertThat(RUN.stop()).as("exit code of the run command after SIGTERM (as after Ctrl-C)").isZero();
        // Every part but the app names the run's folder on its command line; the app holds its port.
        List<String> left = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(RUN.dir.toString()))
                .toList();
        assertThat(left).as("processes of the run still alive").isEmpty();
        for (int port : List.of(8080, 29092, 29093, 8081, 9001, 9090)) {
            assertThat(listening(port + RUN.offset)).as("nothing listens on %d any more", port + RUN.offset).isFalse();
        }
    }

    // ---- helpers ----

    /** Silver holds each valid, on-time event of the domain once, and nothing else. */
    static void assertSilverHoldsTheLedgersEvents(LakeTables lake, List<LedgerEntry> ledger, String domain) {
        List<String> ids = lake.column("silver." + domain, "event_id");
        Set<String> late = new HashSet<>(lake.column("silver.late_events", "event_id"));
        Set<String> expected = ledger.stream().filter(e -> e.domain().equals(domain) && onTime(e, late))
                .map(LedgerEntry::eventId).collect(Collectors.toSet());
        assertThat(ids).as("silver.%s has no event twice", domain).doesNotHaveDuplicates();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(ids);
        Set<String> extra = new TreeSet<>(ids);
        extra.removeAll(expected);
        assertThat(missing).as("valid, on-time %s events of the ledger missing from silver (of %d)", domain, expected.size()).isEmpty();
        assertThat(extra).as("silver.%s events that are not valid, on-time events of the ledger", domain).isEmpty();
    }

    static boolean isPoison(LedgerEntry e) {
        return e.fault() != null && POISON.contains(e.fault());
    }

    /** Valid and not routed to the late table: what silver and gold count (a late event's resend is flagged DUPLICATE). */
    static boolean onTime(LedgerEntry e, Set<String> lateIds) {
        return !isPoison(e) && !lateIds.contains(e.eventId());
    }

    static Set<String> genuineIds(List<LedgerEntry> ledger) {
        return ledger.stream().filter(e -> !isPoison(e)).map(LedgerEntry::eventId).collect(Collectors.toSet());
    }

    static Set<String> silverAndLateIds(LakeTables lake) {
        Set<String> ids = new HashSet<>(lake.column("silver.late_events", "event_id"));
        for (String domain : DOMAINS) {
            ids.addAll(lake.column("silver." + domain, "event_id"));
        }
        return ids;
    }

    private static Set<String> idsWithFault(List<LedgerEntry> ledger, String fault) {
        return ledger.stream().filter(e -> fault.equals(e.fault())).map(LedgerEntry::eventId).collect(Collectors.toSet());
    }

    private static String minute(String isoInstant) {
        return Instant.parse(isoInstant).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int atLeast) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            // Past the expected count, keep reading a little: a surplus must show.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                if (seen.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
            }
        }
        return seen;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
