package dev.lakehouse.spark.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.RecordSealer;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.maintenance.MaintenanceJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure by crypto-shredding, end to end through the real broker, registry, Spark and Iceberg: the shop's events
 * carry sealed personal fields (as the generator sends them), customer c1 asks to be erased on time and c2 behind
 * the watermark (late); one erase pass, the streams go on, maintenance expires the old snapshots. Then every copy is
 * searched: every row of every data file on disk, every metadata file, the topics. No clear value of anyone is
 * anywhere; no sealed value of c1 or c2 opens; c3's still do; the erased customers' rows are gone from silver and
 * gold, their orders stay for revenue without them, and revenue is what it was.
 */
@ExtendWith(LocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureTest {
    private static final Pattern SEALED =
            Pattern.compile(Pattern.quote(SealedValues.PREFIX) + "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Set<String> ERASED = Set.of("c1", "c2");

    @TempDir
    static Path dir;

    @TempDir
    static Path keysDir;

    Lakehouse lake;
    SubjectKeySettings settings;
    String prefix;
    final List<TestEvent> sent = new ArrayList<>();
    BigDecimal revenueBefore;
    long ordersBefore;
    long laterOrderEvents;
    List<ErasureState> states;

    @BeforeAll
    void eraseTwoCustomers() throws Exception {
        prefix = Topics.createFresh("erase", 2);
        lake = new Lakehouse(dir, prefix, Map.of(LakehouseConfig.PII_SUBJECT_KEYS, keysDir.toString()));
        settings = new SubjectKeySettings(keysDir.toString(), null, Duration.ofMillis(1));
        RecordSealer sealer = new RecordSealer(DataKeys.open(settings));

        Scenario day = new Scenario(5).shopDay(12, Scenario.T0);
        send(sealer, day.events());
        lake.runToCompletion();

        Scenario requests = new Scenario(6);
        requests.requestErasure(Scenario.T0.plus(Duration.ofMinutes(40)), "c1", "er-on-time");
        requests.click(Scenario.T0.plus(Duration.ofMinutes(70)), "s-after", "p1"); // moves the watermark on
        requests.requestErasure(Scenario.T0.minus(Duration.ofHours(2)), "c2", "er-late"); // behind it
        send(sealer, requests.events());
        lake.runToCompletion();
        revenueBefore = revenue();
        ordersBefore = lake.table(LakeTables.SILVER_ORDERS).count();
        // Two tables as dbt makes them: a fact (kept, without the customer) and a mart (the customer's rows go).
        lake.spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.core");
        lake.spark.sql("CREATE TABLE lake.core.fact_orders (order_id STRING, customer_id STRING, total DECIMAL(12,2))");
        lake.spark.sql("INSERT INTO lake.core.fact_orders VALUES ('o-1', 'c1', 10.00), ('o-3', 'c3', 5.00)");
        lake.spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.marts");
        lake.spark.sql("CREATE TABLE lake.marts.mart_clv (customer_id STRING, clv DECIMAL(12,2))");
        lake.spark.sql("INSERT INTO lake.marts.mart_clv VALUES ('c1', 10.00), ('c2', 7.00), ('c3', 5.00)");

        new ErasureJob(lake.spark, DataKeys.open(settings)).run();

        // The streams go on (each erased table gets a newer commit), then maintenance expires what came before.
        Scenario later = new Scenario(7);
        later.placeOrder(Scenario.T0.plus(Duration.ofMinutes(80)), "c4", "s-later", "EUR", 2, 1);
        later.click(Scenario.T0.plus(Duration.ofMinutes(81)), "s-later", "p2");
        later.updateConsent(Scenario.T0.plus(Duration.ofMinutes(82)), "c4", false);
        later.requestErasure(Scenario.T0.minus(Duration.ofHours(3)), "c3-not", "er-unknown-customer");
        send(sealer, later.events());
        laterOrderEvents =
                later.events().stream().filter(e -> e.domain() == Domain.ORDERS).count();
        lake.runToCompletion();
        LakehouseConfig expireAll =
                lake.config.with(MaintenanceJob.MAX_SNAPSHOT_AGE, "0 seconds").with(MaintenanceJob.MIN_SNAPSHOTS, "1");
        List<TableSpec> tables = LakeTables.all();
        new MaintenanceJob(lake.spark, expireAll).run(tables);
        states = new ErasureJob(lake.spark, DataKeys.open(settings)).run();
    }

    private void send(RecordSealer sealer, List<TestEvent> events) {
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : events) {
                sealer.seal(e.key(), e.record());
                producer.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                sent.add(e);
            }
            producer.flush();
        }
    }

    @Test
    void eachRequestReachedEveryLayerTheLateOneToo() {
        assertThat(states).extracting(ErasureState::requestId).contains("er-on-time", "er-late");
        for (ErasureState s :
                states.stream().filter(s -> !s.customerId().equals("c3-not")).toList()) {
            assertThat(s.keysShreddedAt()).as("%s keys", s.requestId()).isNotNull();
            assertThat(s.silverErasedAt()).as("%s silver", s.requestId()).isNotNull();
            assertThat(s.goldErasedAt()).as("%s gold", s.requestId()).isNotNull();
            assertThat(s.warehouseErasedAt()).as("%s warehouse", s.requestId()).isNotNull();
            assertThat(s.snapshotsExpiredAt())
                    .as("%s snapshots, changed %s", s.requestId(), s.changedTables())
                    .isNotNull();
        }
        assertThat(states.stream()
                        .filter(s -> s.requestId().equals("er-late"))
                        .findFirst()
                        .orElseThrow()
                        .arrived())
                .isEqualTo("late");
        assertThat(lake.strings(
                        "SELECT arrived FROM lake." + LakeTables.PRIVACY_ERASURES + " WHERE request_id = 'er-on-time'"))
                .containsExactly("on-time");
    }

    @Test
    void noCopyOfAnErasedCustomersPersonalDataOpensAndOthersStillDo() throws IOException {
        DataKeys keys = DataKeys.open(settings);
        Set<String> opened = new TreeSet<>();
        Set<String> subjectsSeen = new TreeSet<>();
        for (String text : everyRowOfEveryDataFile()) {
            Matcher m = SEALED.matcher(text);
            while (m.find()) {
                String subject = SealedValues.subject(m.group()).orElseThrow();
                subjectsSeen.add(subject);
                keys.open(m.group()).ifPresent(v -> opened.add(subject + "=" + v));
            }
        }
        assertThat(subjectsSeen)
                .as("sealed values of the erased are still in bronze, unreadable")
                .contains("c1", "c2");
        assertThat(opened).as("what still opens").noneMatch(v -> v.startsWith("c1=") || v.startsWith("c2="));
        assertThat(opened).as("customers not erased are intact").contains("c3= User3@Example.COM", "c3=First3");
        // the visitors that became c1 or c2: their sessions' IPs no longer open either
        Set<String> erasedVisitors = new TreeSet<>();
        for (TestEvent e : sent) {
            if (e.record().getSchema().getField("visitor_id") != null
                    && ERASED.contains(String.valueOf(e.record().get("customer_id")))) {
                erasedVisitors.add(String.valueOf(e.record().get("visitor_id")));
            }
        }
        assertThat(erasedVisitors).isNotEmpty();
        assertThat(opened).noneMatch(v -> erasedVisitors.contains(v.substring(0, v.indexOf('='))));
    }

    @Test
    void noClearPersonalValueIsInAnyFileOrRowOrTopic() throws IOException {
        List<String> clear = List.of(
                "User1@Example.COM",
                "User2@Example.COM",
                "User3@Example.COM",
                "First1",
                "Last2",
                "192.168.7.1",
                "192.168.7.2",
                "10.0.1.9");
        List<String> rows = everyRowOfEveryDataFile();
        assertThat(rows).as("rows of the data files").isNotEmpty();
        for (String v : clear) {
            assertThat(rows).as("rows holding %s", v).noneMatch(r -> r.contains(v));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(".parquet"))
                    .toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(clear).as("clear values in %s", f).noneMatch(bytes::contains);
            }
        }
        for (String topic : List.of(
                Domain.CUSTOMERS.rawTopic(prefix),
                Domain.CUSTOMERS.validTopic(prefix),
                Domain.CLICKSTREAM.rawTopic(prefix))) {
            List<String> values = Topics.values(topic);
            assertThat(values).as(topic).isNotEmpty();
            for (String v : clear) {
                assertThat(values).as("%s holding %s", topic, v).noneMatch(r -> r.contains(v));
            }
        }
    }

    @Test
    void silverAndGoldKeepNothingOfTheErasedButTheRequestAndAnonymousOrderFacts() {
        String in = "('c1', 'c2')";
        assertThat(lake.strings(
                        "SELECT event_type FROM lake." + LakeTables.SILVER_CUSTOMERS + " WHERE customer_id IN " + in))
                .as("silver.customers rows of the erased: only c1's request (c2's came late)")
                .containsExactly("ErasureRequested");
        for (String table : List.of(
                LakeTables.SILVER_CLICKSTREAM,
                LakeTables.SILVER_ORDERS,
                LakeTables.SILVER_ORDER_ITEMS,
                LakeTables.GOLD_SESSIONS)) {
            assertThat(lake.table(table).where("customer_id IN " + in).count())
                    .as(table)
                    .isZero();
        }
        assertThat(lake.table(LakeTables.LATE_EVENTS)
                        .where("record_key IN " + in)
                        .count())
                .as("late events of the erased other than the late request")
                .isEqualTo(1);
        assertThat(lake.table(LakeTables.SILVER_CUSTOMERS)
                        .where("customer_id = 'c3' AND email_hash IS NOT NULL")
                        .count())
                .as("c3's registration keeps its e-mail token")
                .isPositive();
        assertThat(lake.table(LakeTables.SILVER_ORDERS)
                        .where("customer_id IS NULL")
                        .count())
                .as("the erased customers' orders stay, without them")
                .isPositive();
        assertThat(lake.table(LakeTables.SILVER_ORDERS).count())
                .as("no order event was deleted")
                .isEqualTo(ordersBefore + laterOrderEvents);
        assertThat(revenue())
                .as("revenue: the erased customers' orders still count")
                .isEqualByComparingTo(revenueBefore.add(new BigDecimal(lake.strings("SELECT sum(total) FROM lake."
                                + LakeTables.SILVER_ORDERS + " WHERE order_id = 'o-s-later'")
                        .get(0))));
    }

    @Test
    void theWarehouseLosesTheErasedButKeepsTheirOrdersWithoutThem() {
        assertThat(lake.strings("SELECT coalesce(customer_id, 'none') FROM lake.core.fact_orders ORDER BY order_id"))
                .containsExactly("none", "c3");
        assertThat(lake.strings("SELECT customer_id FROM lake.marts.mart_clv")).containsExactly("c3");
        for (String t : List.of("core.fact_orders", "marts.mart_clv")) {
            assertThat(lake.spark
                            .sql("SELECT count(*) FROM lake." + t + ".snapshots")
                            .first()
                            .getLong(0))
                    .as("snapshots %s keeps (none from before the erasure)", t)
                    .isEqualTo(1);
        }
    }

    @Test
    void noRetentionPastAMonthIsAccepted() {
        assertThatThrownBy(() ->
                        new MaintenanceJob(lake.spark, lake.config.with(MaintenanceJob.MAX_SNAPSHOT_AGE, "31 days")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MaintenanceJob.MAX_SNAPSHOT_AGE)
                .hasMessageContaining("one-month");
        assertThat(LakeTables.all())
                .as("every table's own retention")
                .allMatch(t -> Long.parseLong(t.properties().get("history.expire.max-snapshot-age-ms"))
                        <= MaintenanceJob.GDPR_LIMIT.toMillis());
    }

    private BigDecimal revenue() {
        return new BigDecimal(lake.strings("SELECT coalesce(sum(revenue), 0) FROM lake." + LakeTables.GOLD_REVENUE)
                .get(0));
    }

    /** Every row of every Parquet file under the lake folder, referenced or not, as JSON (binary as Latin-1 text). */
    private List<String> everyRowOfEveryDataFile() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                for (Row r : lake.spark.read().parquet(f.toString()).collectAsList()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < r.length(); i++) {
                        Object v = r.get(i);
                        sb.append(
                                        v instanceof byte[] b
                                                ? new String(b, StandardCharsets.ISO_8859_1)
                                                : String.valueOf(v))
                                .append('\u0001');
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }
}
