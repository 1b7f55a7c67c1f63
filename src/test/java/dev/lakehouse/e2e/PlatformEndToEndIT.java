package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.testing.LocalStackResource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 *
 * <p>The fuzz campaign rides on the same run (one platform run in CI): while the scenario runs, a plain Kafka
 * producer sends over 10,000 hostile records of every class ({@link HostileRecords}) into every raw topic. Each
 * must be judged once with its reason (dead-letter topic, bronze) and none may change what the ledger-based
 * assertions see; the hostile records are told apart from the generator's by their (topic, partition, offset).
 * Then the platform is restarted on the same folder with the hostile records still on the topics: it must come up
 * healthy, resume the finished generator run without sending it again, and judge new traffic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final PlatformRun RUN = new PlatformRun("e2e", 700);
    static final List<String> DOMAINS = List.of("clickstream", "orders", "inventory", "customers", "catalog");
    static final Set<String> POISON =
            Set.of(Fault.POISON_NOT_AVRO.name(), Fault.POISON_UNKNOWN_SCHEMA.name(), Fault.POISON_BUSINESS_RULE.name());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<LedgerEntry> ledger;
    private static LakeReader lake;
    private static FuzzCampaign campaign;
    private static List<ConsumerRecord<String, byte[]>> deadLetters;
    private static final Map<String, Object> report = new LinkedHashMap<>();

    @BeforeAll
    static void runThePlatform() throws Exception {
        // The campaign goes in as soon as the app is ready, while the generator sends the scenario: genuine records
        // sampled from the raw topics, mutated, sent with a plain producer.
        RUN.start("e2e", () -> {
            List<HostileRecords.Genuine> genuine =
                    FuzzCampaign.sampleRawTopics(RUN.bootstrap(), 100, Duration.ofMinutes(3));
            campaign = FuzzCampaign.send(RUN.bootstrap(), genuine, 13, 1.0);
            return true;
        });
        RUN.awaitGeneratorFinished();
        ledger = LedgerReader.entries(RUN.dir.resolve("ledger/run-7"));
        lake = LakeReader.embedded(RUN.dir.resolve("lake"));
        RUN.awaitCount(() -> silverAndLateIds(lake).size(), genuineIds(ledger).size());
        // Gold is recomputed from silver after silver commits: current once it committed after silver's last commit.
        RUN.await(
                "gold to catch up with silver",
                Duration.ofMinutes(5),
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
            assertThat(injectedLate)
                    .as("a late row is an event the generator sent late")
                    .contains((String) r.getField("event_id"));
            assertThat((OffsetDateTime) r.getField("event_time"))
                    .as("event %s is behind its watermark", r.getField("event_id"))
                    .isBefore((OffsetDateTime) r.getField("watermark"));
        }
        assertThat(lateRows.stream().map(r -> (String) r.getField("event_id")))
                .as("late events")
                .doesNotHaveDuplicates();
        // Every event sent late is in the late table, or, when it came before its table had a watermark (Spark's rule:
        // the
        // first batch of an empty table accepts everything), in silver from that first batch.
        Set<String> inLateTable =
                lateRows.stream().map(r -> (String) r.getField("event_id")).collect(Collectors.toSet());
        for (String domain : DOMAINS) {
            List<Record> rows = lake.rows("silver." + domain);
            OffsetDateTime firstBatch = rows.stream()
                    .map(r -> (OffsetDateTime) r.getField("ingest_time"))
                    .min(OffsetDateTime::compareTo)
                    .orElse(null);
            for (Record r : rows) {
                if (injectedLate.contains((String) r.getField("event_id"))) {
                    assertThat((OffsetDateTime) r.getField("ingest_time"))
                            .as(
                                    "late event %s in silver.%s came with the table's first batch",
                                    r.getField("event_id"), domain)
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
        // The campaign's records are judged in their own test; here: the generator's poison, nothing else.
        List<ConsumerRecord<String, byte[]>> dead = deadLetters().stream()
                .filter(r -> !campaign.isHostile(
                        header(r, "dlq.source.topic"),
                        header(r, "dlq.source.partition"),
                        header(r, "dlq.source.offset")))
                .toList();
        Map<String, Long> expectedByTopicAndKey = poison.stream()
                .collect(Collectors.groupingBy(
                        e -> "commerce." + e.domain() + ".raw/" + e.key(), TreeMap::new, Collectors.counting()));
        Map<String, Long> deadByTopicAndKey = dead.stream()
                .collect(Collectors.groupingBy(
                        r -> header(r, "dlq.source.topic") + "/" + r.key(), TreeMap::new, Collectors.counting()));
        assertThat(deadByTopicAndKey)
                .as("dead-letter topic = the injected poison records, by source topic and key")
                .isEqualTo(expectedByTopicAndKey);

        Set<String> undecodable = poison.stream()
                .filter(e -> !e.fault().equals(Fault.POISON_BUSINESS_RULE.name()))
                .map(LedgerEntry::key)
                .collect(Collectors.toSet());
        Set<String> quarantinedKeys = lake.rows("bronze.quarantine").stream()
                .filter(r -> !campaign.isHostile(
                        (String) r.getField("topic"), r.getField("kafka_partition"), r.getField("kafka_offset")))
                .map(r -> (String) r.getField("record_key"))
                .collect(Collectors.toSet());
        assertThat(quarantinedKeys)
                .as("bronze.quarantine = the records that are not decodable Avro")
                .isEqualTo(undecodable);

        // Their copies in S3 are counted after the erasure proof (everyDeadLetterIsArchivedToS3Once): the archiver
        // takes minutes for the campaign's thousands, and the tests in between need no S3.
    }

    /**
     * Waits until the app's archiver has put every dead letter in S3, the generator's poison and the campaign's:
     * ~11,000 objects, minutes of work for the S3 test server (it rewrites its bucket index on every put). Its
     * progress is watched on the app's counter, not by listing the bucket, which would cost the server as much again;
     * it must keep going (a minute without progress ends the wait). Returns how many dead letters there are.
     */
    private static long awaitArchived() throws Exception {
        long expected = ledger.stream().filter(PlatformEndToEndIT::isPoison).count() + campaign.sent.size();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long written = archivedByTheApp();
        long progressAt = System.nanoTime();
        while (written < expected
                && System.nanoTime() < deadline
                && System.nanoTime() - progressAt < Duration.ofMinutes(1).toNanos()) {
            Thread.sleep(5000);
            long now = archivedByTheApp();
            if (now > written) {
                progressAt = System.nanoTime();
            }
            written = now;
        }
        return expected;
    }

    /** Dead letters the app's archiver has put in S3 (written or under its fallback key), from its metrics. */
    private static long archivedByTheApp() throws Exception {
        long sum = 0;
        for (String line : RUN.get("/q/metrics").split("\n")) {
            if (line.startsWith("lakehouse_quarantine_objects_total{")
                    && (line.contains("outcome=\"written\"") || line.contains("outcome=\"fallback\""))) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
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
        assertThat(goldOrders)
                .as("gold orders per minute and currency = the ledger's")
                .isEqualTo(orders);
        assertThat(goldRevenue)
                .as("gold revenue per minute and currency = the ledger's")
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(revenue);
    }

    @Test
    @Order(5)
    void apiAnswersWhatTheTablesHold() throws Exception {
        JsonNode revenue = JSON.readTree(RUN.get("/api/kpis/revenue?minutes=1440"));
        Map<String, String> api = new TreeMap<>();
        revenue.get("series")
                .forEach(p -> api.put(
                        p.get("minute").asText() + " " + p.get("currency").asText(),
                        p.get("revenue").decimalValue().stripTrailingZeros().toPlainString() + " / "
                                + p.get("orders").asLong()));
        Map<String, String> table = new TreeMap<>();
        // The API answers the 24 hours up to the newest minute; late events accepted by a first batch can be older.
        java.time.Instant from = Instant.parse(revenue.get("from").asText());
        for (Record r : lake.rows("gold.revenue_per_minute")) {
            if (((OffsetDateTime) r.getField("minute")).toInstant().isBefore(from)) {
                continue;
            }
            table.put(
                    ((OffsetDateTime) r.getField("minute")).toInstant() + " " + r.getField("currency"),
                    ((BigDecimal) r.getField("revenue")).stripTrailingZeros().toPlainString() + " / "
                            + r.getField("orders"));
        }
        assertThat(api)
                .as("API revenue and orders per minute = gold.revenue_per_minute")
                .isEqualTo(table);

        JsonNode health = JSON.readTree(RUN.get("/api/lake/tables"));
        Map<String, Long> apiRows = new TreeMap<>();
        health.get("tables")
                .forEach(t -> apiRows.put(t.get("table").asText(), t.get("rows").asLong()));
        for (String t : List.of(
                "bronze.events", "bronze.quarantine", "silver.orders", "silver.late_events", "gold.funnel_5m")) {
            assertThat(apiRows.get(t))
                    .as("rows of %s in the lake-health answer", t)
                    .isEqualTo(lake.rows(t).size());
        }
    }

    @Test
    @Order(6)
    void dashboardShowsTheApisNumbers() throws Exception {
        Path screenshot = LocalStackResource.PROJECT.resolve("target/e2e-dashboard.png");
        Process check = new ProcessBuilder(
                        LocalStackResource.PROJECT
                                .resolve("e2e/dashboard-check.sh")
                                .toString(),
                        RUN.app() + "/",
                        screenshot.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue())
                .as("browser check (needs Debian's chromium):%n%s", output)
                .isZero();
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    @Order(7)
    void everyHostileRecordIsJudgedOnceWithItsReason() throws Exception {
        Map<String, List<ConsumerRecord<String, byte[]>>> dead = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : deadLetters()) {
            String at = FuzzCampaign.Sent.coordinates(
                    header(r, "dlq.source.topic"), header(r, "dlq.source.partition"), header(r, "dlq.source.offset"));
            if (campaign.byCoordinates.containsKey(at)) {
                dead.computeIfAbsent(at, k -> new ArrayList<>()).add(r);
            }
        }
        long mustQuarantine = campaign.sent.stream()
                .filter(x -> x.hostile().kind().bronze == HostileRecords.Bronze.QUARANTINE)
                .count();
        RUN.await(
                "bronze to quarantine the undecodable hostile records",
                Duration.ofMinutes(3),
                () -> hostileRows("bronze.quarantine").size() >= mustQuarantine);
        Map<String, List<Record>> quarantined = byCoordinates(hostileRows("bronze.quarantine"));
        Map<String, List<Record>> inBronze = byCoordinates(hostileRows("bronze.events"));
        Set<String> silver = silverAndLateIds(lake);

        Problems problems = new Problems();
        Map<String, Map<String, Long>> dlqReasons = new TreeMap<>();
        Map<String, Map<String, Long>> bronzeOutcomes = new TreeMap<>();
        Map<String, Long> perReason = new TreeMap<>();
        for (FuzzCampaign.Sent sent : campaign.sent) {
            HostileRecords.Kind kind = sent.hostile().kind();
            String at = sent.coordinates();
            List<ConsumerRecord<String, byte[]>> letters = dead.getOrDefault(at, List.of());
            if (letters.size() != 1) {
                problems.add(
                        kind,
                        sent.hostile().caseId() + " at " + at + " is in commerce.dlq " + letters.size() + " times");
            } else {
                ConsumerRecord<String, byte[]> letter = letters.get(0);
                String code = header(letter, "dlq.reason.code");
                dlqReasons
                        .computeIfAbsent(kind.name(), k -> new TreeMap<>())
                        .merge(String.valueOf(code), 1L, Long::sum);
                perReason.merge(String.valueOf(code), 1L, Long::sum);
                if (!kind.codes.contains(code)) {
                    problems.add(
                            kind,
                            sent.hostile().caseId() + " dead-lettered as " + code + " (" + header(letter, "dlq.reason")
                                    + "), expected one of " + kind.codes);
                }
                // A too-large record's dead letter is a pointer without the source's headers (they count towards the
                // size):
                // its location is checked below instead.
                if (kind != HostileRecords.Kind.RECORD_TOO_LARGE
                        && !sent.hostile().caseId().equals(header(letter, HostileRecords.CASE_HEADER))) {
                    problems.add(
                            kind,
                            sent.hostile().caseId() + ": its dead letter has case header "
                                    + header(letter, HostileRecords.CASE_HEADER));
                }
                if (kind == HostileRecords.Kind.RECORD_TOO_LARGE) {
                    String location = "kafka:" + sent.topic() + "/" + sent.partition() + "/" + sent.offset();
                    if (letter.value() != null || !location.equals(header(letter, "dlq.payload.location"))) {
                        problems.add(
                                kind,
                                sent.hostile().caseId() + ": a too-large dead letter must be a pointer (value null, "
                                        + "dlq.payload.location " + location + "), got "
                                        + (letter.value() == null ? "no" : letter.value().length)
                                        + " value bytes and location " + header(letter, "dlq.payload.location"));
                    }
                }
            }
            List<Record> q = quarantined.getOrDefault(at, List.of());
            int events = inBronze.getOrDefault(at, List.of()).size();
            boolean once = kind.bronze == HostileRecords.Bronze.QUARANTINE
                    ? q.size() == 1 && events == 0
                    : q.size() + events == 1;
            if (!once) {
                problems.add(
                        kind,
                        sent.hostile().caseId() + " at " + at + ": " + q.size() + " times in bronze.quarantine, "
                                + events + " in bronze.events (expected "
                                + (kind.bronze == HostileRecords.Bronze.QUARANTINE
                                        ? "quarantine once"
                                        : "once in bronze")
                                + ")");
            }
            if (q.size() == 1) {
                Object code = q.get(0).getField("reason_code");
                bronzeOutcomes
                        .computeIfAbsent(kind.name(), k -> new TreeMap<>())
                        .merge("quarantine " + code, 1L, Long::sum);
                if (!kind.codes.contains(String.valueOf(code))) {
                    problems.add(
                            kind,
                            sent.hostile().caseId() + " quarantined by bronze as " + code + " ("
                                    + q.get(0).getField("error") + "), expected one of " + kind.codes);
                }
            } else if (events == 1) {
                bronzeOutcomes
                        .computeIfAbsent(kind.name(), k -> new TreeMap<>())
                        .merge("bronze.events", 1L, Long::sum);
            }
            // A re-encoded mutant carries a fresh event id: it must never reach silver. (The other classes keep a
            // genuine body, whose event is in silver from its genuine record.)
            Domain domain = Domain.ofRawTopic(sent.topic()).orElseThrow();
            if (kind.freshEventId()) {
                String id = HostileRecords.decode(new HostileRecords.Genuine(
                                domain, "k", sent.hostile().value()))
                        .get("event_id")
                        .toString();
                if (silver.contains(id)) {
                    problems.add(kind, sent.hostile().caseId() + " (event " + id + ") reached silver");
                }
            }
        }

        report.put("hostileRecords", campaign.sent.size());
        report.put("sendSeconds", Math.round(campaign.sendSeconds * 10) / 10.0);
        report.put("perClass", campaign.perClass());
        report.put("perTopic", campaign.perTopic());
        report.put(
                "bitFlips",
                Map.of(
                        "tried",
                        campaign.bitFlipsTried,
                        "discardedAsPlainAvroAccepted",
                        campaign.bitFlipsDiscarded,
                        "sent",
                        campaign.bitFlipsTried - campaign.bitFlipsDiscarded));
        report.put("deadLetterReasons", perReason);
        report.put("deadLetterReasonsPerClass", dlqReasons);
        report.put("bronzePerClass", bronzeOutcomes);
        report.put("problems", problems.summary());
        report.put("jvms", jvms());
        FuzzCampaign.report(LocalStackResource.PROJECT.resolve("target/fuzz-campaign.json"), report);

        assertThat(campaign.sent.size()).as("hostile records sent").isGreaterThanOrEqualTo(10_000);
        assertThat(problems.summary())
                .as("hostile records not judged once with their reason, per class (count and examples)")
                .isEmpty();
    }

    @Test
    @Order(8)
    void everyPartIsHealthyAfterTheCampaign() throws Exception {
        assertPlatformHealthy();
    }

    /**
     * The erasure proof on the running platform, faults and campaign included: of the customers who registered and
     * ordered, one is erased through the privacy endpoint and one by a request that arrives a day behind the
     * watermark; then one maintenance run (an erase pass first, then expiry of every older snapshot). Every copy is
     * searched: every record of every topic, every row of every data file of every retained snapshot of every table,
     * every file of the run's folder (metadata, ledger, logs, checkpoints, the S3 server's objects). Nothing of anyone
     * is in clear, nothing of the erased opens, the kept still open, and revenue is what the ledger says (their orders
     * stay).
     */
    @Test
    @Order(9)
    void erasureReachesEveryCopyAndLeavesTheRestIntact() throws Exception {
        SubjectKeySettings keysAt = new SubjectKeySettings(
                SubjectKeySettings.defaultFolder(RUN.dir.resolve("lake"), System.getenv())
                        .toString(),
                null);
        DataKeys keys = DataKeys.open(keysAt);
        Map<String, ErasureProof.Person> people = ErasureProof.registered(
                ErasureProof.readAll(RUN.bootstrap(), List.of(Domain.CUSTOMERS.rawTopic())), keys);
        Set<String> ordered = new HashSet<>(lake.column("silver.orders", "customer_id"));
        Set<String> erasedBefore = lake.rows("silver.customers", "customer_id", "event_type").stream()
                .filter(r -> "ErasureRequested".equals(r.getField("event_type")))
                .map(r -> (String) r.getField("customer_id"))
                .collect(Collectors.toSet());
        List<ErasureProof.Person> candidates = people.values().stream()
                .filter(p -> ordered.contains(p.customerId()) && !erasedBefore.contains(p.customerId()))
                .filter(p -> p.ip() != null)
                .sorted(java.util.Comparator.comparing(ErasureProof.Person::customerId))
                .toList();
        assertThat(candidates).as("registered customers who ordered").hasSizeGreaterThanOrEqualTo(4);
        ErasureProof.Person onTime = candidates.get(0);
        ErasureProof.Person late = candidates.get(1);
        List<ErasureProof.Person> kept = candidates.subList(2, 4);
        Set<String> erasedIds = Set.of(onTime.customerId(), late.customerId());
        long theirOrders = lake.rows("silver.orders", "customer_id").stream()
                .filter(r -> erasedIds.contains(r.getField("customer_id")))
                .count();

        String onTimeRequest = JSON.readTree(
                        RUN.postJson("/api/privacy/erasures", "{\"customerId\": \"" + onTime.customerId() + "\"}"))
                .get("requestId")
                .asText();
        String lateRequest = "er-late-" + UUID.randomUUID();
        sendLateErasureRequest(late.customerId(), lateRequest, Instant.parse("2026-11-19T12:00:00Z"));
        RUN.await(
                "both requests to reach silver, the late one its late table",
                Duration.ofMinutes(5),
                () -> lake.column("silver.customers", "erasure_request_id").contains(onTimeRequest)
                        && lake.column("silver.late_events", "payload_json").stream()
                                .anyMatch(j -> j.contains(lateRequest)));

        Path maintainLog = RUN.dir.resolveSibling("e2e-maintain.log");
        Process maintain = new ProcessBuilder(
                        LocalStackResource.PROJECT
                                .resolve("spark-jobs/lakehouse-jobs")
                                .toString(),
                        "maintain",
                        "--data-dir",
                        RUN.dir.resolve("lake").toString(),
                        "--set",
                        "lakehouse.pii.subject-keys=" + keysAt.location(),
                        "--set",
                        "lakehouse.maintenance.max-snapshot-age=0 seconds",
                        "--set",
                        "lakehouse.maintenance.min-snapshots=1")
                .directory(LocalStackResource.PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(maintainLog.toFile())
                .start();
        assertThat(maintain.waitFor(10, TimeUnit.MINUTES))
                .as("maintenance within 10 minutes")
                .isTrue();
        assertThat(maintain.exitValue())
                .as("maintenance exit code; its log: %s", maintainLog)
                .isZero();

        ErasureProof proof = new ErasureProof(keysAt, List.of(onTime, late), kept);
        List<String> topics = new ArrayList<>(List.of(Domain.DEAD_LETTER_TOPIC, AuditTopic.NAME));
        for (Domain d : Domain.values()) {
            topics.add(d.rawTopic());
            topics.add(d.validTopic());
        }
        for (ConsumerRecord<byte[], byte[]> r : ErasureProof.readAll(RUN.bootstrap(), topics)) {
            if (r.value() != null) {
                proof.inspect(
                        r.topic() + "/" + r.partition() + "/" + r.offset(),
                        new String(r.value(), StandardCharsets.ISO_8859_1));
            }
        }
        long topicTexts = proof.textsRead;
        for (String table : lake.tables()) {
            lake.forEachRowOfEveryDataFile(table, (file, row) -> {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    Object v = row.get(i);
                    fields.add(
                            v instanceof java.nio.ByteBuffer b
                                    ? StandardCharsets.ISO_8859_1
                                            .decode(b.duplicate())
                                            .toString()
                                    : v == null ? null : v.toString());
                }
                proof.inspect(file, fields.toString());
            });
        }
        long rowTexts = proof.textsRead - topicTexts;
        awaitArchived(); // the objects in S3 (and the S3 server's files) are searched whole
        proof.inspectFiles(RUN.dir);
        // The S3 test server keeps each object's bytes as a file (binaryData) under its store root in the run's
        // folder, which inspectFiles has just read whole; reading every object again through the API cost minutes
        // (the server reads its bucket index on each GET). The listing shows the store has a file for each object.
        try (S3Client s3 = s3();
                Stream<Path> stored = Files.walk(RUN.dir.resolve("s3"))) {
            long objects = s3
                    .listObjectsV2Paginator(
                            ListObjectsV2Request.builder().bucket("lakehouse").build())
                    .contents()
                    .stream()
                    .count();
            long files = stored.filter(f -> f.getFileName().toString().equals("binaryData"))
                    .count();
            assertThat(files).as("object files read, objects in the bucket").isGreaterThanOrEqualTo(objects);
        }
        report.put(
                "erasure proof",
                Map.of(
                        "topic records",
                        topicTexts,
                        "lake rows (every data file of the retained snapshots)",
                        rowTexts,
                        "files and objects",
                        proof.textsRead - topicTexts - rowTexts,
                        "sealed values tried",
                        proof.sealedSeen));
        assertThat(proof.findings)
                .as("readable personal data of the erased, or anyone's in clear")
                .isEmpty();
        assertThat(proof.sealedSeen).as("sealed values met").isPositive();
        assertThat(proof.keptOpened)
                .as("the kept customers' values still open")
                .contains(
                        kept.get(0).email(), kept.get(0).lastName(), kept.get(1).email());

        JsonNode onTimeReport = JSON.readTree(RUN.get("/api/privacy/erasures/" + onTimeRequest));
        JsonNode lateReport = JSON.readTree(RUN.get("/api/privacy/erasures/" + lateRequest));
        assertThat(lateReport.get("arrived").asText()).isEqualTo("late");
        for (JsonNode r : List.of(onTimeReport, lateReport)) {
            Map<String, String> layers = new TreeMap<>();
            r.get("layers")
                    .forEach(l ->
                            layers.put(l.get("layer").asText(), l.get("state").asText()));
            assertThat(layers)
                    .as("layers of %s", r.get("requestId").asText())
                    .containsEntry("keys", "done")
                    .containsEntry("silver", "done")
                    .containsEntry("gold", "done")
                    .containsEntry("warehouse", "done");
        }
        assertThat(lake.rows("silver.customers", "customer_id", "event_type").stream()
                        .filter(r -> erasedIds.contains(r.getField("customer_id")))
                        .map(r -> r.getField("event_type")))
                .as("silver.customers rows of the erased: the on-time request only")
                .containsExactly("ErasureRequested");
        assertThat(lake.column("silver.clickstream", "customer_id")).doesNotContainAnyElementsOf(erasedIds);
        assertThat(lake.column("silver.orders", "customer_id")).doesNotContainAnyElementsOf(erasedIds);
        assertThat(lake.column("silver.orders", "customer_id").stream()
                        .filter("null"::equals)
                        .count())
                .as("orders without a customer: at least the erased customers' %d", theirOrders)
                .isGreaterThanOrEqualTo(theirOrders);
        // The documented rule: an erasure removes the customer, not its orders; revenue stays the ledger's.
        goldRevenueAndOrdersPerMinuteEqualTheLedger();
    }

    @Test
    @Order(10)
    void everyDeadLetterIsArchivedToS3Once() throws Exception {
        long expected = awaitArchived();
        try (S3Client s3 = s3()) {
            ListObjectsV2Request quarantine = ListObjectsV2Request.builder()
                    .bucket("lakehouse")
                    .prefix("quarantine/")
                    .build();
            long archived =
                    s3.listObjectsV2Paginator(quarantine).contents().stream().count();
            assertThat(archived)
                    .as("every dead letter (the generator's poison and the campaign's) archived to S3 once")
                    .isEqualTo(expected);
        }
    }

    /** The run's S3 server (quarantine objects), as the platform reaches it. */
    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(RUN.s3()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void sendLateErasureRequest(String customerId, String requestId, Instant eventTime) {
        Map<String, Object> config = new HashMap<>(Map.of(
                "bootstrap.servers",
                RUN.bootstrap(),
                "apicurio.registry.url",
                RUN.registry(),
                "apicurio.registry.auto-register",
                false,
                "apicurio.registry.dereference-schema",
                true));
        var avro = new io.apicurio.registry.serde.avro.AvroKafkaSerializer<org.apache.avro.specific.SpecificRecord>();
        avro.configure(config, false);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                config, new org.apache.kafka.common.serialization.StringSerializer(), avro)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Domain.CUSTOMERS.rawTopic(),
                    customerId,
                    new dev.lakehouse.events.customers.CustomerEvent(
                            UUID.randomUUID().toString(),
                            eventTime,
                            1,
                            customerId,
                            new dev.lakehouse.events.customers.ErasureRequested(requestId, "support"))));
            producer.flush();
        }
    }

    @Test
    @Order(100)
    void ctrlCStopsEveryPart() throws Exception {
        assertThat(RUN.stop())
                .as("exit code of the run command after SIGTERM (as after Ctrl-C)")
                .isZero();
        // Every part but the app names the run's folder on its command line; the app holds its port.
        List<String> left = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains(RUN.dir.toString()))
                .toList();
        assertThat(left).as("processes of the run still alive").isEmpty();
        for (int port : List.of(8080, 29092, 29093, 8081, 9001, 9090)) {
            assertThat(listening(port + RUN.offset))
                    .as("nothing listens on %d any more", port + RUN.offset)
                    .isFalse();
        }
    }

    /**
     * Poison never blocks a start: the platform restarted on the same folder, the campaign's records still on the
     * (kept-forever) topics, comes up healthy; the scenario's finished generator run resumes from its ledger and
     * sends nothing; new hostile records and a new generator run are judged.
     */
    @Test
    @Order(110)
    void aRestartWithTheHostileRecordsOnTheTopicsComesUpHealthyAndJudgesNewTraffic() throws Exception {
        Path ledgerFile = RUN.dir.resolve("ledger/run-7").resolve(dev.lakehouse.generator.ledger.Ledger.ENTRIES);
        byte[] ledgerBefore = java.nio.file.Files.readAllBytes(ledgerFile);
        long started = System.nanoTime();
        RUN.restart("e2e");
        report.put("restartSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        RUN.await(
                "the resumed scenario run to report FINISHED",
                Duration.ofMinutes(2),
                () -> RUN.get("/generator/status").contains("\"state\":\"FINISHED\""));
        assertThat(JSON.readTree(RUN.get("/generator/status")).get("records").asLong())
                .as("records of the resumed run")
                .isEqualTo(50_000);
        assertThat(java.nio.file.Files.readAllBytes(ledgerFile))
                .as("the finished run's ledger after the restart")
                .isEqualTo(ledgerBefore);
        assertPlatformHealthy();

        // New traffic: a few hundred hostile records and a small real-time run of another seed (its own ledger).
        int deadBefore = deadLetters().size();
        List<HostileRecords.Genuine> genuine =
                FuzzCampaign.sampleRawTopics(RUN.bootstrap(), 50, Duration.ofMinutes(1), campaign);
        FuzzCampaign more = FuzzCampaign.send(RUN.bootstrap(), genuine, 14, 0.02);
        RUN.post("/generator/start?eventsPerSecond=500&seed=8&events=1500");
        RUN.await(
                "the new generator run to finish",
                Duration.ofMinutes(3),
                () -> RUN.get("/generator/status").contains("\"state\":\"FINISHED\""));
        List<LedgerEntry> newLedger = LedgerReader.entries(RUN.dir.resolve("ledger/run-8"));
        Set<String> newIds = genuineIds(newLedger);
        assertThat(newIds).as("valid events of the new run").isNotEmpty();
        RUN.awaitCount(
                () -> (int)
                        newIds.stream().filter(silverAndLateIds(lake)::contains).count(),
                newIds.size());
        Set<String> missing = new TreeSet<>(newIds);
        missing.removeAll(silverAndLateIds(lake));
        assertThat(missing)
                .as("valid events sent after the restart missing from silver (of %d)", newIds.size())
                .isEmpty();

        List<ConsumerRecord<String, byte[]>> all =
                readAll(RUN.bootstrap(), "commerce.dlq", deadBefore + more.sent.size());
        Map<String, String> codes = new HashMap<>();
        Map<String, Integer> times = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : all) {
            String at = FuzzCampaign.Sent.coordinates(
                    header(r, "dlq.source.topic"), header(r, "dlq.source.partition"), header(r, "dlq.source.offset"));
            if (more.byCoordinates.containsKey(at)) {
                codes.put(at, header(r, "dlq.reason.code"));
                times.merge(at, 1, Integer::sum);
            }
        }
        Problems problems = new Problems();
        for (FuzzCampaign.Sent sent : more.sent) {
            HostileRecords.Kind kind = sent.hostile().kind();
            if (times.getOrDefault(sent.coordinates(), 0) != 1 || !kind.codes.contains(codes.get(sent.coordinates()))) {
                problems.add(
                        kind,
                        sent.hostile().caseId() + " after the restart: " + times.getOrDefault(sent.coordinates(), 0)
                                + " dead letters, code " + codes.get(sent.coordinates()));
            }
        }
        report.put(
                "afterRestart",
                Map.of(
                        "hostileRecords",
                        more.sent.size(),
                        "newRunValidEvents",
                        newIds.size(),
                        "problems",
                        problems.summary()));
        FuzzCampaign.report(LocalStackResource.PROJECT.resolve("target/fuzz-campaign.json"), report);
        assertThat(problems.summary())
                .as("hostile records sent after the restart not judged once with their reason")
                .isEmpty();
        assertPlatformHealthy();
        assertThat(RUN.stop())
                .as("exit code of the restarted run command after SIGTERM")
                .isZero();
    }

    // ---- helpers ----

    /** The dead-letter topic, read once: the generator's poison and every hostile record are on it. */
    private static List<ConsumerRecord<String, byte[]>> deadLetters() {
        if (deadLetters == null) {
            long poison = ledger.stream().filter(PlatformEndToEndIT::isPoison).count();
            deadLetters = readAll(RUN.bootstrap(), "commerce.dlq", (int) poison + campaign.sent.size());
        }
        return deadLetters;
    }

    /** Rows of a bronze table that hold a hostile record (by topic, partition, offset). */
    private static List<Record> hostileRows(String table) {
        return lake
                .rows(table, "topic", "kafka_partition", "kafka_offset", "reason_code", "error", "source_query")
                .stream()
                .filter(r -> campaign.isHostile(
                        (String) r.getField("topic"), r.getField("kafka_partition"), r.getField("kafka_offset")))
                .toList();
    }

    private static Map<String, List<Record>> byCoordinates(List<Record> rows) {
        Map<String, List<Record>> m = new HashMap<>();
        for (Record r : rows) {
            m.computeIfAbsent(
                            FuzzCampaign.Sent.coordinates(
                                    (String) r.getField("topic"),
                                    r.getField("kafka_partition"),
                                    r.getField("kafka_offset")),
                            k -> new ArrayList<>())
                    .add(r);
        }
        return m;
    }

    /** Per class: how many records went wrong, and the first few, so one systematic failure reads as one line. */
    static final class Problems {
        private final Map<String, Long> count = new TreeMap<>();
        private final Map<String, List<String>> examples = new TreeMap<>();

        void add(HostileRecords.Kind kind, String problem) {
            count.merge(kind.name(), 1L, Long::sum);
            List<String> some = examples.computeIfAbsent(kind.name(), k -> new ArrayList<>());
            if (some.size() < 3) {
                some.add(problem);
            }
        }

        Map<String, String> summary() {
            Map<String, String> m = new TreeMap<>();
            count.forEach((k, n) -> m.put(k, n + " records, e.g. " + examples.get(k)));
            return m;
        }
    }

    /** Liveness and readiness UP, and the Spark streams' health file fresh with no query FAILED. */
    private static void assertPlatformHealthy() throws Exception {
        for (String check : List.of("/q/health/live", "/q/health/ready")) {
            JsonNode health = JSON.readTree(RUN.get(check));
            assertThat(health.get("status").asText())
                    .as("%s: %s", check, health)
                    .isEqualTo("UP");
        }
        Path file = RUN.dir.resolve("lake/streams-health.json");
        // Written every few seconds by the streams; after a restart the first write can come after the dashboard is up.
        RUN.await(
                "a fresh Spark streams health file",
                Duration.ofMinutes(2),
                () -> Duration.between(
                                        Instant.parse(JSON.readTree(file.toFile())
                                                .get("updatedAt")
                                                .asText()),
                                        Instant.now())
                                .compareTo(Duration.ofSeconds(30))
                        < 0);
        JsonNode streams = JSON.readTree(file.toFile());
        assertThat(Duration.between(Instant.parse(streams.get("updatedAt").asText()), Instant.now()))
                .as("age of the Spark streams' health file %s", streams)
                .isLessThan(Duration.ofSeconds(60));
        assertThat(streams.get("queries")).as("Spark queries").isNotEmpty();
        streams.get("queries")
                .forEach(q -> assertThat(q.get("state").asText())
                        .as("Spark query %s", q)
                        .isNotEqualTo("FAILED"));
    }

    /** Each JVM of the run with its heap settings (none on the command line: the JVM's default, a quarter of the RAM). */
    private static List<Map<String, String>> jvms() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String cmd : RUN.javaCommands()) {
            List<String> heap = java.util.Arrays.stream(cmd.split(" "))
                    .filter(a -> a.startsWith("-Xmx")
                            || a.startsWith("-Xms")
                            || a.startsWith("-XX:MaxRAM")
                            || a.startsWith("-XX:InitialRAM")
                            || a.startsWith("--driver-memory")
                            || a.contains("driver.memory")
                            || a.contains("executor.memory"))
                    .toList();
            Map<String, String> jvm = new LinkedHashMap<>();
            jvm.put("command", cmd.length() > 400 ? cmd.substring(0, 400) + "..." : cmd);
            jvm.put(
                    "heap",
                    heap.isEmpty() ? "JVM default (MaxHeapSize " + defaultMaxHeap() + ")" : String.join(" ", heap));
            out.add(jvm);
        }
        return out;
    }

    private static String defaultMaxHeap() {
        try {
            Process p = new ProcessBuilder("java", "-XX:+PrintFlagsFinal", "-version")
                    .redirectErrorStream(true)
                    .start();
            String flags = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return flags.lines()
                    .filter(l -> l.contains(" MaxHeapSize "))
                    .map(l -> l.replaceAll(".*= *(\\d+).*", "$1"))
                    .map(b -> Long.parseLong(b) / (1024 * 1024) + " MiB")
                    .findFirst()
                    .orElse("?");
        } catch (Exception e) {
            return "? (" + e + ")";
        }
    }

    /** Silver holds each valid, on-time event of the domain once, and nothing else. */
    static void assertSilverHoldsTheLedgersEvents(LakeReader lake, List<LedgerEntry> ledger, String domain) {
        List<String> ids = lake.column("silver." + domain, "event_id");
        Set<String> late = new HashSet<>(lake.column("silver.late_events", "event_id"));
        Set<String> expected = ledger.stream()
                .filter(e -> e.domain().equals(domain) && onTime(e, late))
                .map(LedgerEntry::eventId)
                .collect(Collectors.toSet());
        assertThat(ids).as("silver.%s has no event twice", domain).doesNotHaveDuplicates();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(ids);
        Set<String> extra = new TreeSet<>(ids);
        extra.removeAll(expected);
        assertThat(missing)
                .as("valid, on-time %s events of the ledger missing from silver (of %d)", domain, expected.size())
                .isEmpty();
        assertThat(extra)
                .as("silver.%s events that are not valid, on-time events of the ledger", domain)
                .isEmpty();
    }

    static boolean isPoison(LedgerEntry e) {
        return e.fault() != null && POISON.contains(e.fault());
    }

    /** Valid and not routed to the late table: what silver and gold count (a late event's resend is flagged DUPLICATE). */
    static boolean onTime(LedgerEntry e, Set<String> lateIds) {
        return !isPoison(e) && !lateIds.contains(e.eventId());
    }

    static Set<String> genuineIds(List<LedgerEntry> ledger) {
        return ledger.stream()
                .filter(e -> !isPoison(e))
                .map(LedgerEntry::eventId)
                .collect(Collectors.toSet());
    }

    static Set<String> silverAndLateIds(LakeReader lake) {
        Set<String> ids = new HashSet<>(lake.column("silver.late_events", "event_id"));
        for (String domain : DOMAINS) {
            ids.addAll(lake.column("silver." + domain, "event_id"));
        }
        return ids;
    }

    private static Set<String> idsWithFault(List<LedgerEntry> ledger, String fault) {
        return ledger.stream()
                .filter(e -> fault.equals(e.fault()))
                .map(LedgerEntry::eventId)
                .collect(Collectors.toSet());
    }

    private static String minute(String isoInstant) {
        return Instant.parse(isoInstant).truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int atLeast) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
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
