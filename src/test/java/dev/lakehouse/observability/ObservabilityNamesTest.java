package dev.lakehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every metric that an alert rule or a Grafana panel in deploy/observability reads is one the platform exports: the
 * app's names come from a real scrape of /q/metrics (the validator running against the real broker, after a dead
 * letter, so the per-reason counter exists), the Spark streams' from deploy/observability/spark-metrics.txt, which
 * spark-jobs' PipelineEndToEndTest holds to a real scrape of its endpoint. {@code up} is the one name Prometheus
 * itself adds to every target.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ObservabilityNamesTest {

    /** Metrics are served on the management interface (paths under its root, /q). */
    @TestHTTPResource(value = "/metrics", management = true)
    URL metricsUrl;

    /** Series Prometheus makes for every scrape target itself. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void everyRuleAndPanelReadsAMetricThePlatformExports() throws Exception {
        try (KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            raw.send(new ProducerRecord<>(
                            Domain.ORDERS.rawTopic(),
                            "metrics-poison".getBytes(StandardCharsets.UTF_8),
                            "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        // About 8 s (the lag meter comes at the binder's next refresh after a fetch); generous for a loaded machine.
        String scrape = scrapeUntil(
                Duration.ofSeconds(120),
                "lakehouse_validator_records_total{outcome=\"dead_letter\"",
                "kafka_consumer_fetch_manager_records_lag{",
                "lakehouse_loop_restarts_total{");
        Path saved = Path.of("target", "q-metrics-scrape.txt");
        Files.writeString(saved, scrape); // for whoever writes a new panel: the names, tags and values of a real run

        Set<String> exported = new TreeSet<>(ObservabilityFiles.scrapedNames(scrape));
        exported.addAll(ObservabilityFiles.sparkNames());
        exported.addAll(PROMETHEUS_OWN);

        Map<String, String> expressions = new TreeMap<>(ObservabilityFiles.ruleExpressions());
        expressions.putAll(ObservabilityFiles.panelExpressions());
        assertThat(ObservabilityFiles.ruleExpressions()).as("alert rules found").hasSizeGreaterThanOrEqualTo(5);
        assertThat(ObservabilityFiles.panelExpressions())
                .as("panel queries found")
                .hasSizeGreaterThanOrEqualTo(6);

        assertThat(ObservabilityFiles.unknownNames(expressions, exported))
                .as(
                        "names no scrape serves (app scrape saved in %s; Spark names in %s)",
                        saved, ObservabilityFiles.SPARK_NAMES)
                .isEmpty();
    }

    /** /q/metrics once it shows every one of {@code needed} (meters appear on first use). */
    private String scrapeUntil(Duration timeout, String... needed) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Set<String> lastMissing = Set.of();
        while (true) {
            String body =
                    RestAssured.get(metricsUrl).then().statusCode(200).extract().asString();
            Set<String> missing = new TreeSet<>();
            for (String n : needed) {
                if (!body.contains(n)) {
                    missing.add(n);
                }
            }
            if (!missing.equals(lastMissing)) {
                System.out.printf(
                        "/q/metrics after %d ms lacks %s%n",
                        Duration.between(start, Instant.now()).toMillis(), missing);
                lastMissing = missing;
            }
            if (missing.isEmpty()) {
                return body;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("/q/metrics still lacks " + missing + " after " + timeout);
            }
            Thread.sleep(500);
        }
    }
}
