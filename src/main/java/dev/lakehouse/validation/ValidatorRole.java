package dev.lakehouse.validation;

import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import dev.lakehouse.schemas.RegistryClient;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogFollower;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import dev.lakehouse.validation.state.DuplicateRebuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/** Runs the validation loop on its own thread when this instance has the validator role. */
@ApplicationScoped
public class ValidatorRole {

    private static final Logger LOG = Logger.getLogger(ValidatorRole.class);

    private final Roles roles;
    private final ValidatorConfig config;
    private final RegistryConfig registry;
    private final KafkaSettings kafka;
    private final MeterRegistry meters;
    private final OpenTelemetry telemetry;
    private volatile ValidationLoop loop;
    private volatile Thread thread;

    ValidatorRole(Roles roles, ValidatorConfig config, RegistryConfig registry, KafkaSettings kafka, MeterRegistry meters,
                  OpenTelemetry telemetry) {
        this.roles = roles;
        this.config = config;
        this.registry = registry;
        this.kafka = kafka;
        this.meters = meters;
        this.telemetry = telemetry;
    }

    // After topics and schemas are in place (lower priorities run first).
    void start(@Observes @Priority(100) StartupEvent event) {
        if (!roles.has(Role.VALIDATOR)) {
            return;
        }
        thread = new Thread(this::buildAndRun, "validator");
        thread.start();
    }

    /** Builds the state from Kafka on the validator's own thread, so start-up is not held up by it. */
    private void buildAndRun() {
        Clock clock = Clock.systemUTC();
        EventDecoder decoder = new EventDecoder(new RegistryClient(registry.confluentApi()));
        DuplicateFilter duplicates = new DuplicateFilter(config.dedupeWindow(), config.dedupeMaxEntries());
        CatalogState catalog = new CatalogState();
        try (KafkaConsumer<byte[], byte[]> reader = kafka.reader("lakehouse-validator-dedupe-rebuild")) {
            long started = System.nanoTime();
            int loaded = DuplicateRebuilder.rebuild(reader, duplicates, clock.instant());
            LOG.infof("Duplicate filter rebuilt from the validated topics: %d event ids of the last %s in %d ms",
                    loaded, config.dedupeWindow(), (System.nanoTime() - started) / 1_000_000);
        }
        CatalogFollower follower = new CatalogFollower(kafka.reader("lakehouse-validator-catalog"), decoder, RuleSet.withoutCatalog(clock, config.maxClockSkew()), catalog);

        Map<String, Object> producerConfig = kafka.client();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

        KafkaConsumer<byte[], byte[]> consumer = kafka.groupMember(config.groupId());
        new KafkaClientMetrics(consumer).bindTo(meters); // consumer lag, fetch rates
        RecordRouter router = new RecordRouter(decoder, RuleSet.all(catalog, clock, config.maxClockSkew()), duplicates, clock, telemetry,
                config.maxForwardBytes());
        loop = new ValidationLoop(consumer,
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                router, follower, duplicates, meters, clock, config.pollTimeout(), config.retryBackoff());
        LOG.infof("Validator started: group %s, transactional id %s", config.groupId(), config.transactionalId());
        loop.run();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
        if (thread != null) {
            thread.join(15_000);
        }
    }

    /** For readiness: not a validator at all, or a validator with its partitions. */
    public boolean ready() {
        return !roles.has(Role.VALIDATOR) || (loop != null && loop.ready());
    }
}
