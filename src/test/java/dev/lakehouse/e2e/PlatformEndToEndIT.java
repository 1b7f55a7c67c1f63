package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.generator.Fault;
import dev.lakehouse.generator.LedgerEntry;
import dev.lakehouse.generator.LedgerReader;
import dev.lakehouse.testing.LocalStackResource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    private static final int OFFSET = 700 + LocalStackResource.PORT_OFFSET;
    private static final Path DIR = LocalStackResource.PROJECT.resolve("target/e2e");
    private static final Path RUN_LOG = LocalStackResource.PROJECT.resolve("target/e2e-run.log");
    private static final String APP = "http://127.0.0.1:" + (8080 + OFFSET);
    private static final String BOOTSTRAP = "127.0.0.1:" + (29092 + OFFSET);
    private static final String S3 = "http://127.0.0.1:" + (9090 + OFFSET);
    private static final List<String> DOMAINS = List.of("clickstream", "orders", "inventory", "customers", "catalog");
    private static final Set<String> POISON = Set.of(Fault.POISON_NOT_AVRO.name(), Fault.POISON_UNKNOWN_SCHEMA.name(),
            Fault.POISON_BUSINESS_RULE.name());

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Process platform;
    private static List<LedgerEntry> ledger;
    private static LakeTables lake;

    @BeforeAll
    static void runThePlatform() throws Exception {
        Files.createDirectories(RUN_LOG.getParent());
        platform = new ProcessBuilder(LocalStackResource.PROJECT.resolve("lakehouse").toString(), "run", "--scenario", "e2e",
                "--dir", DIR.toString(), "--port-offset", Integer.toString(OFFSET), "--fresh")
                .directory(LocalStackResource.PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(RUN_LOG.toFile()).start();
        await("the run command to print the dashboard URL", Duration.ofMinutes(15),
                () -> Files.readString(RUN_LOG).contains("dashboard: "));
        await("the generator to finish its 50,000 records", Duration.ofMinutes(10),
                () -> get("/generator/status").contains("\"state\":\"FINISHED\""));
        ledger = LedgerReader.entries(DIR.resolve("ledger/run-7"));
        lake = new LakeTables(DIR.resolve("lake"));
        Set<String> expected = genuineIds();
        // Drained: every valid event arrived, or (a failure the tests below will show) nothing moved for a while.
        awaitDrained(() -> silverAndLateIds().size(), expected.size());
        // Gold is recomputed from silver after silver commits.
        await("gold to catch up with silver", Duration.ofMinutes(5),
                () -> lake.lastCommit("lake.gold.revenue_per_minute") >= lake.lastCommit("lake.silver.orders"));
    }

    @AfterAll
    static void stopIfStillRunning() throws InterruptedException {
        if (platform != null && platform.isAlive()) {
            platform.destroy();
            platform.waitFor(2, TimeUnit.MINUTES);
        }
    }

    @Test
    @Order(1)
    void silverHoldsEachValidUniqueEventOnce() {
        for (String domain : DOMAINS) {
            List<String> ids = lake.column("lake.silver." + domain, "event_id");
            Set<String> expected = ledger.stream()
                    .filter(e -> e.domain().equals(domain) && onTime(e))
                    .map(LedgerEntry::eventId).collect(Collectors.toSet());
            assertThat(ids).as("silver.%s has no event twice", domain).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as("silver.%s = the ledger's valid, on-time %s events", domain, domain)
                    .isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void lateEventsAreInTheLateTableBehindTheirWatermark() {
        Set<String> injectedLate = idsWithFault(Fault.LATE.name());
        List<Record> lateRows = lake.rows("lake.silver.late_events");
        assertThat(lateRows).as("late events").isNotEmpty();
        for (Record r : lateRows) {
            assertThat(injectedLate).as("a late row is an event the generator sent late").contains((String) r.getField("event_id"));
            assertThat((OffsetDateTime) r.getField("event_time")).as("event %s is behind its watermark", r.getField("event_id"))
                    .isBefore((OffsetDateTime) r.getField("watermark"));
        }
        assertThat(lateRows.stream().map(r -> (String) r.getField("event_id"))).as("late events").doesNotHaveDuplicates();
        // The scenario stamps late events 12-24 h back and the streams allow 6 h: each one is beyond the watermark.
        assertThat(lateRows.stream().map(r -> (String) r.getField("event_id")).collect(Collectors.toSet()))
                .as("silver.late_events = the events the generator sent late").isEqualTo(injectedLate);
    }

    @Test
    @Order(3)
    void deadLetterAndQuarantineHoldExactlyThePoison() throws Exception {
        List<LedgerEntry> poison = ledger.stream().filter(e -> POISON.contains(e.fault())).toList();
        List<ConsumerRecord<String, byte[]>> dead = readAll("commerce.dlq", poison.size());
        Map<String, Long> expectedByTopicAndKey = poison.stream().collect(Collectors.groupingBy(
                e -> "commerce." + e.domain() + ".raw/" + e.key(), TreeMap::new, Collectors.counting()));
        Map<String, Long> deadByTopicAndKey = dead.stream().collect(Collectors.groupingBy(
                r -> header(r, "dlq.source.topic") + "/" + r.key(), TreeMap::new, Collectors.counting()));
        assertThat(deadByTopicAndKey).as("dead-letter topic = the injected poison records, by source topic and key")
                .isEqualTo(expectedByTopicAndKey);

        Set<String> undecodable = poison.stream()
                .filter(e -> !e.fault().equals(Fault.POISON_BUSINESS_RULE.name())).map(LedgerEntry::key).collect(Collectors.toSet());
        assertThat(new HashSet<>(lake.column("lake.bronze.quarantine", "record_key")))
                .as("bronze.quarantine = the records that are not decodable Avro").isEqualTo(undecodable);

        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(S3)).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            ListObjectsV2Request quarantine = ListObjectsV2Request.builder().bucket("lakehouse").prefix("quarantine/").build();
            await("the quarantine archive in S3", Duration.ofMinutes(2),
                    () -> s3.listObjectsV2Paginator(quarantine).contents().stream().count() >= poison.size());
            long archived = s3.listObjectsV2Paginator(quarantine).contents().stream().count();
            assertThat(archived).as("every dead letter archived to S3 once").isEqualTo(poison.size());
        }
    }

    @Test
    @Order(4)
    void goldRevenueAndOrdersPerMinuteEqualTheLedger() {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, Long> orders = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : ledger) {
            if (e.type().equals("OrderPlaced") && onTime(e) && seen.add(e.eventId())) {
                String key = minute(e.eventTime()) + " " + e.currency();
                revenue.merge(key, new BigDecimal(e.amount()), BigDecimal::add);
                orders.merge(key, 1L, Long::sum);
            }
        }
        Map<String, BigDecimal> goldRevenue = new TreeMap<>();
        Map<String, Long> goldOrders = new TreeMap<>();
        for (Record r : lake.rows("lake.gold.revenue_per_minute")) {
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
    @Order(100)
    void ctrlCStopsEveryPart() throws Exception {
        platform.destroy(); // SIGTERM to the run command, handled as Ctrl-C's SIGINT is
        assertThat(platform.waitFor(3, TimeUnit.MINUTES)).as("the run command ends").isTrue();
        assertThat(platform.exitValue()).as("exit code after a requested stop").isZero();
        // Every part but the app names the run's folder on its command line; the app holds its port.
        List<String> left = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(DIR.toString()))
                .toList();
        assertThat(left).as("processes of the run still alive").isEmpty();
        for (int port : List.of(8080, 29092, 29093, 8081, 9001, 9090)) {
            assertThat(listening(port + OFFSET)).as("nothing listens on %d any more", port + OFFSET).isFalse();
        }
    }

    // ---- helpers ----

    /** Valid and sent in time: what silver and gold count. */
    private static boolean onTime(LedgerEntry e) {
        return !POISON.contains(e.fault()) && !Fault.LATE.name().equals(e.fault());
    }

    private static Set<String> genuineIds() {
        return ledger.stream().filter(e -> !POISON.contains(e.fault())).map(LedgerEntry::eventId).collect(Collectors.toSet());
    }

    private static Set<String> idsWithFault(String fault) {
        return ledger.stream().filter(e -> fault.equals(e.fault())).map(LedgerEntry::eventId).collect(Collectors.toSet());
    }

    private static Set<String> silverAndLateIds() {
        Set<String> ids = new HashSet<>(lake.column("lake.silver.late_events", "event_id"));
        for (String domain : DOMAINS) {
            ids.addAll(lake.column("lake.silver." + domain, "event_id"));
        }
        return ids;
    }

    private static void awaitDrained(java.util.function.IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = count.getAsInt();
            if (now >= expected) {
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofMinutes(2).toNanos()) {
                return;
            }
            Thread.sleep(5000);
        }
    }

    private static String minute(String isoInstant) {
        return java.time.Instant.parse(isoInstant).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
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
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(APP + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!platform.isAlive()) {
                throw new AssertionError("the run command ended while waiting for " + what + "; see " + RUN_LOG + " and " + DIR.resolve("logs"));
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; see " + RUN_LOG);
            }
            Thread.sleep(2000);
        }
    }
}
