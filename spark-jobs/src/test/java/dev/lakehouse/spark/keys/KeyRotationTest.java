package dev.lakehouse.spark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.LakehouseJobs;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.Expected;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation on a real lake (Kafka, registry, Spark, Iceberg): joins on silver's tokens give the same pairs after it,
 * tokens made with the old key match no row, new events join the re-keyed rows, and a stream with the old ring
 * refuses to write.
 */
@ExtendWith(LocalStack.class)
class KeyRotationTest {
    private static final List<StreamJob.Layer> SILVER = List.of(StreamJob.Layer.SILVER);
    /** Clickstream events of one visitor IP, and registrations of one e-mail, across shop days. */
    private static final String IP_PAIRS =
            "SELECT a.event_id, b.event_id FROM lake." + LakeTables.SILVER_CLICKSTREAM + " a JOIN lake."
                    + LakeTables.SILVER_CLICKSTREAM + " b ON a.ip_hash = b.ip_hash AND a.event_id < b.event_id";

    private static final String EMAIL_PAIRS = "SELECT a.event_id, b.event_id FROM lake." + LakeTables.SILVER_CUSTOMERS
            + " a JOIN lake." + LakeTables.SILVER_CUSTOMERS
            + " b ON a.email_hash = b.email_hash AND a.event_id < b.event_id";
    private static final String TOKENS = "SELECT email_hash FROM lake." + LakeTables.SILVER_CUSTOMERS
            + " UNION SELECT ip_hash FROM lake." + LakeTables.SILVER_CUSTOMERS + " UNION SELECT ip_hash FROM lake."
            + LakeTables.SILVER_CLICKSTREAM;

    @TempDir
    Path dir;

    @Test
    void rotationKeepsJoinsAndRetiresTheOldKey() throws Exception {
        Path ring = Lakehouse.newKeyStore();
        String prefix = Topics.createFresh("rotate", 1);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of(LakehouseConfig.PII_KEY_STORE, ring.toString()));
        // Two shop days: the same four customers register on both (same e-mail and IP), sessions 1-3 reuse their IPs.
        send(prefix, new Scenario(61).shopDay(3, Scenario.T0).events());
        send(
                prefix,
                new Scenario(62)
                        .shopDay(3, Scenario.T0.plus(Duration.ofHours(1)))
                        .events());
        lake.runToCompletion(lake.config, SILVER);

        Set<String> ipPairs = Set.copyOf(lake.spark.sql(IP_PAIRS).collectAsList().stream()
                .map(Object::toString)
                .toList());
        Set<String> emailPairs = Set.copyOf(lake.spark.sql(EMAIL_PAIRS).collectAsList().stream()
                .map(Object::toString)
                .toList());
        Set<String> before = new HashSet<>(lake.strings(TOKENS));
        String oldEmail = Expected.hmac(Lakehouse.PII_KEY, "user1@example.com");
        String oldIp = Expected.hmac(Lakehouse.PII_KEY, "10.0.1.9");
        assertThat(emailPairs).as("registrations of one e-mail on both days").hasSize(4);
        assertThat(ipPairs).as("clicks from one IP").hasSizeGreaterThan(6);
        assertThat(before).as("v1 tokens are plain HMACs of the clear values").contains(oldEmail, oldIp);
        assertThat(TableKeyVersions.of(lake.spark, LakeTables.SILVER_CUSTOMERS).version())
                .isEqualTo(1);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LakehouseJobs.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "keys",
                "rotate",
                "--data-dir",
                dir.toString(),
                "--set",
                LakehouseConfig.PII_KEY_STORE + "=" + ring);
        assertThat(code).as("rotate exit code; stderr: %s", err).isZero();
        assertThat(out.toString())
                .as("progress and end message")
                .contains("new key v2 added to " + ring)
                .contains(LakeTables.SILVER_CUSTOMERS + " ", "email_hash, ip_hash: v1 -> v2")
                .contains(LakeTables.SILVER_CLICKSTREAM + " ", "ip_hash: v1 -> v2")
                .contains("rotation done", "2 table(s)", "silver's tokens are under v2");
        KeyRing rotated = PiiKeys.read(ring);
        assertThat(rotated.current()).isEqualTo(2);
        assertThat(Files.readString(ring)).as("the old key stays in the ring").contains("v1:" + Lakehouse.PII_KEY);

        assertThat(Set.copyOf(lake.spark.sql(IP_PAIRS).collectAsList().stream()
                        .map(Object::toString)
                        .toList()))
                .as("pairs joined on ip_hash after the rotation")
                .isEqualTo(ipPairs);
        assertThat(Set.copyOf(lake.spark.sql(EMAIL_PAIRS).collectAsList().stream()
                        .map(Object::toString)
                        .toList()))
                .as("pairs joined on email_hash after the rotation")
                .isEqualTo(emailPairs);
        Set<String> after = new HashSet<>(lake.strings(TOKENS));
        assertThat(after).as("no token of the old key matches any silver row").doesNotContainAnyElementsOf(before);
        String v2 = secret(ring, 2);
        assertThat(after)
                .as("v2 tokens are HMAC(v2 key, v1 token)")
                .contains(Expected.hmac(v2, oldEmail), Expected.hmac(v2, oldIp));
        assertThat(lake.strings(
                        "SELECT count(*) FROM lake." + LakeTables.SILVER_CUSTOMERS + " WHERE email_hash IS NULL"))
                .as("no token lost")
                .containsExactly("0");
        assertThat(TableKeyVersions.of(lake.spark, LakeTables.SILVER_CLICKSTREAM)
                        .version())
                .isEqualTo(2);

        // A stream still holding the old ring refuses before it writes a token.
        Path oldRing = Lakehouse.newKeyStore();
        assertThatThrownBy(() -> lake.runToCompletion(
                        lake.config.with(LakehouseConfig.PII_KEY_STORE, oldRing.toString()), SILVER))
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause()
                .hasMessageContaining("under key v2")
                .hasMessageContaining("ends at v1");

        // New events after the rotation (the stream chains through v1 and v2) join the re-keyed rows.
        send(
                prefix,
                new Scenario(63)
                        .shopDay(3, Scenario.T0.plus(Duration.ofHours(2)))
                        .events());
        lake.runToCompletion(lake.config, SILVER);
        assertThat(lake.strings("SELECT count(*) FROM lake." + LakeTables.SILVER_CUSTOMERS + " WHERE email_hash = '"
                        + Expected.hmac(v2, oldEmail) + "'"))
                .as("user1's registrations on all three days share one token")
                .containsExactly("3");
        assertThat(lake.strings("SELECT `summary`['" + TableKeyVersions.KEY_ID + "'] FROM lake."
                        + LakeTables.SILVER_CUSTOMERS + ".snapshots ORDER BY committed_at DESC LIMIT 1"))
                .as("the stream's commit after the rotation records v2")
                .containsExactly("v2");
    }

    private static void send(String prefix, List<TestEvent> events) {
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : events) {
                producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
            }
            producer.flush();
        }
    }

    private static String secret(Path ring, int version) throws Exception {
        return Files.readAllLines(ring).stream()
                .filter(l -> l.startsWith("v" + version + ":"))
                .map(l -> l.substring(l.indexOf(':') + 1))
                .findFirst()
                .orElseThrow();
    }
}
