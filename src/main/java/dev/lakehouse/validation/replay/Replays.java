package dev.lakehouse.validation.replay;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.validation.CatalogFollower;
import dev.lakehouse.validation.EventDecoder;
import dev.lakehouse.validation.RecordRouter;
import dev.lakehouse.validation.ValidatorConfig;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Wires a {@link DeadLetterReplayer} with today's rules and catalog, for the CLI and tests. */
@ApplicationScoped
public class Replays {

    private final KafkaSettings kafka;
    private final RegistryConfig registry;
    private final ValidatorConfig config;
    private final OpenTelemetry telemetry;

    Replays(KafkaSettings kafka, RegistryConfig registry, ValidatorConfig config, OpenTelemetry telemetry) {
        this.kafka = kafka;
        this.registry = registry;
        this.config = config;
        this.telemetry = telemetry;
    }

    public DeadLetterReplayer.Report run(boolean dryRun, Optional<String> reasonCode)
            throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        EventDecoder decoder = new EventDecoder(new SchemaRegistryLookup(registry.confluentApi()));
        CatalogState catalog = new CatalogState();
        try (CatalogFollower follower = new CatalogFollower(
                kafka.reader("lakehouse-replay-catalog"),
                decoder,
                RuleSet.withoutCatalog(clock, config.maxClockSkew()),
                catalog)) {
            follower.catchUp();
        }
        // A filter that never commits: duplicates among the dead letters themselves still show.
        RecordRouter router = new RecordRouter(
                decoder,
                RuleSet.all(catalog, clock, config.maxClockSkew()),
                new DuplicateFilter(Duration.ZERO, Integer.MAX_VALUE),
                clock,
                telemetry,
                config.maxForwardBytes());
        Optional<Producer<byte[], byte[]>> producer = dryRun ? Optional.empty() : Optional.of(producer());
        try (KafkaConsumer<byte[], byte[]> deadLetters = kafka.reader("lakehouse-replay")) {
            return new DeadLetterReplayer(router).replay(deadLetters, reasonCode, producer);
        } finally {
            producer.ifPresent(Producer::close);
        }
    }

    private Producer<byte[], byte[]> producer() {
        Map<String, Object> producerConfig = kafka.client();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
