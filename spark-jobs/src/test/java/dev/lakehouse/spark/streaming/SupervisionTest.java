package dev.lakehouse.spark.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.Expected;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Tables;
import dev.lakehouse.spark.support.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query supervision: an unexpected error in a batch (injected through the test seam) terminates the query; its
 * supervisor restarts it from the checkpoint, the data still lands exactly once and the health file counts the
 * restart. A query that keeps failing is shown RESTARTING, then FAILED.
 */
@ExtendWith(LocalStack.class)
class SupervisionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<TestEvent> produce(String prefix, boolean raw, boolean valid) {
        List<TestEvent> events = new Scenario(99).shopDay(2, Scenario.T0).events();
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : events) {
                if (raw) producer.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                if (valid)
                    producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
            }
            producer.flush();
        }
        return events;
    }

    private static JsonNode query(JsonNode health, String name) {
        for (JsonNode q : health.get("queries")) {
            if (q.get("name").asText().equals(name)) return q;
        }
        throw new AssertionError("no query " + name + " in " + health);
    }

    @Test
    void aQueryThatFailsOnceIsRestartedAndItsDataLandsExactlyOnce() throws Exception {
        String prefix = Topics.createFresh("supervise", 2);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of());
        List<TestEvent> events = produce(prefix, true, false);
        Path healthFile = dir.resolve("health/streams.json");
        LakehouseConfig cfg = lake.config
                .with(LakehouseConfig.FAULT_INJECTION, "bronze:1")
                .with(LakehouseConfig.RESTART_BACKOFF, "1 second")
                .with(LakehouseConfig.HEALTH_INTERVAL, "1 second")
                .with(LakehouseConfig.HEALTH_FILE, healthFile.toString());

        Instant before = Instant.now();
        StreamMetrics.reset();
        lake.runToCompletion(cfg, List.of(StreamJob.Layer.BRONZE));
        assertThat(metric(StreamMetrics.RESTARTS, "bronze"))
                .as("the restart counted in the metrics too")
                .isEqualTo(1.0);
        assertThat(metric(StreamMetrics.FAILED, "bronze")).isEqualTo(0.0);

        assertThat(Expected.counts(lake.strings("SELECT event_id FROM lake." + LakeTables.BRONZE_EVENTS)))
                .as("every event in bronze exactly once after the restart")
                .isEqualTo(
                        Expected.counts(events.stream().map(TestEvent::eventId).toList()));
        assertThat(Tables.duplicateBatchCommits(lake))
                .as("no batch committed twice")
                .isEmpty();
        JsonNode health = JSON.readTree(Files.readString(healthFile));
        assertThat(Instant.parse(health.get("updatedAt").asText())).isAfter(before);
        JsonNode bronze = query(health, "bronze");
        assertThat(bronze.get("state").asText()).isEqualTo("RUNNING");
        assertThat(bronze.get("restarts").asInt()).isEqualTo(1);
        assertThat(bronze.get("lastError").asText()).contains("injected fault in bronze batch 0");
        assertThat(bronze.get("lastProgressAt").isNull())
                .as("a completed batch is progress")
                .isFalse();
        assertThat(Files.list(healthFile.getParent()).map(p -> p.getFileName().toString()))
                .as("only the file itself: written as a temp file and renamed")
                .containsExactly("streams.json");
    }

    @Test
    void aQueryThatKeepsFailingIsShownRestartingThenFailed() throws Exception {
        String prefix = Topics.createFresh("failing", 1);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of());
        produce(prefix, false, true);
        LakehouseConfig cfg = lake.config
                .with(LakehouseConfig.FAULT_INJECTION, "silver:1000")
                .with(LakehouseConfig.RESTART_BACKOFF, "2 seconds")
                .with(LakehouseConfig.HEALTH_INTERVAL, "1 second")
                .with(LakehouseConfig.MAX_RESTARTS, "2");
        Path healthFile = cfg.healthFile();
        assertThat(healthFile)
                .isEqualTo(dir.resolve("streams-health.json").toAbsolutePath().normalize());

        StreamMetrics.reset();
        Set<String> statesSeen = ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (Files.exists(healthFile)) {
                        statesSeen.add(query(JSON.readTree(Files.readString(healthFile)), "silver")
                                .get("state")
                                .asText());
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    statesSeen.add("UNREADABLE " + e); // a torn write would show here
                }
            }
        });
        watcher.start();
        try {
            assertThatThrownBy(() -> lake.runToCompletion(cfg, List.of(StreamJob.Layer.SILVER)))
                    .hasMessageContaining("silver")
                    .hasMessageContaining("injected fault");
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        JsonNode silver = query(JSON.readTree(Files.readString(healthFile)), "silver");
        assertThat(silver.get("state").asText()).isEqualTo("FAILED");
        assertThat(silver.get("restarts").asInt()).isEqualTo(2);
        assertThat(silver.get("lastError").asText()).contains("injected fault in silver");
        assertThat(silver.get("lastProgressAt").isNull()).isTrue();
        assertThat(metric(StreamMetrics.RESTARTS, "silver")).isEqualTo(2.0);
        assertThat(metric(StreamMetrics.FAILED, "silver"))
                .as("given up: the metric says so")
                .isEqualTo(1.0);
        List<String> seen = new ArrayList<>(statesSeen);
        // FAILED is the last write before the run returns, so the watcher may stop before it reads it (asserted above).
        assertThat(seen)
                .as("states the file showed while it ran")
                .contains("RESTARTING")
                .noneMatch(s -> s.startsWith("UNREADABLE"));
        assertThat(lake.table(LakeTables.SILVER_CLICKSTREAM).count())
                .as("a failing batch writes nothing")
                .isZero();
    }

    /** One query's sample of a metric in the registry's Prometheus text; null when it has none. */
    private static Double metric(String name, String query) {
        String prefix = name + "{query=\"" + query + "\"} ";
        return StreamMetrics.scrape()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst()
                .orElse(null);
    }
}
