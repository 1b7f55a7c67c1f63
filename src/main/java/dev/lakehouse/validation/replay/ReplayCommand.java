package dev.lakehouse.validation.replay;

import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.schemas.RegistryClient;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.validation.EventDecoder;
import dev.lakehouse.validation.RecordRouter;
import dev.lakehouse.validation.ValidatorConfig;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogFollower;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Judge the dead letters (commerce.dlq) again with today's rules, e.g. after a rule change or a",
            "catalog fix, and send those that pass back to their raw topic for the validator to take.",
            "Run it with --dry-run first: it reports, per original reason, what would pass and what still fails."})
public class ReplayCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "Only report; send nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "CODE", description = "Only dead letters rejected for this reason, e.g. UNKNOWN_PRODUCT.")
    String reason;

    @Inject
    KafkaSettings kafka;

    @Inject
    RegistryConfig registry;

    @Inject
    ValidatorConfig config;

    @Inject
    OpenTelemetry telemetry;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        EventDecoder decoder = new EventDecoder(new RegistryClient(registry.confluentApi()));
        CatalogState catalog = new CatalogState();
        try (CatalogFollower follower = new CatalogFollower(kafka.reader("lakehouse-replay-catalog"), decoder,
                RuleSet.withoutCatalog(clock, config.maxClockSkew()), catalog)) {
            follower.catchUp();
        }
        System.out.printf("Catalog: %d products. Reading %s%s ...%n", catalog.size(), "commerce.dlq", dryRun ? " (dry run)" : "");
        // A filter that never commits: duplicates among the dead letters themselves still show.
        RecordRouter router = new RecordRouter(decoder, RuleSet.all(catalog, clock, config.maxClockSkew()),
                new DuplicateFilter(Duration.ZERO, Integer.MAX_VALUE), clock, telemetry);
        Optional<Producer<byte[], byte[]>> producer = dryRun ? Optional.empty() : Optional.of(producer());
        try (KafkaConsumer<byte[], byte[]> deadLetters = kafka.reader("lakehouse-replay")) {
            DeadLetterReplayer.Report report = new DeadLetterReplayer(router).replay(deadLetters, Optional.ofNullable(reason), producer);
            print("would pass now (by original reason)", report.wouldPass());
            print("still failing (original -> today's reason)", report.stillFailing());
            System.out.println(dryRun ? "Dry run: nothing sent." : "Sent back to their raw topics: " + report.replayed());
        } finally {
            producer.ifPresent(Producer::close);
        }
        return 0;
    }

    private Producer<byte[], byte[]> producer() {
        Map<String, Object> producerConfig = kafka.client();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void print(String title, Map<String, Integer> counts) {
        System.out.println(title + ":");
        if (counts.isEmpty()) {
            System.out.println("  (none)");
        }
        counts.forEach((key, count) -> System.out.printf("  %-50s %d%n", key, count));
    }
}
