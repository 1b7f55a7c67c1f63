package dev.lakehouse.validation;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.kafka.ConsumerMetrics;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.supervision.SupervisedLoop;
import dev.lakehouse.supervision.Supervisor;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/** Runs the validation loop on its own thread when this instance has the validator role. */
@ApplicationScoped
public class ValidatorRole {

    private static final Logger LOG = Logger.getLogger(ValidatorRole.class);

    /** The supervised loop's name, in liveness and in lakehouse.loop.restarts{loop=validator}. */
    public static final String LOOP = "validator";

    private final Roles roles;
    private final ValidatorConfig config;
    private final RegistryConfig registry;
    private final KafkaSettings kafka;
    private final MeterRegistry meters;
    private final OpenTelemetry telemetry;
    private final Supervisor supervisor;
    private volatile ValidationLoop loop;
    private volatile SupervisedLoop supervised;

    ValidatorRole(
            Roles roles,
            ValidatorConfig config,
            RegistryConfig registry,
            KafkaSettings kafka,
            MeterRegistry meters,
            OpenTelemetry telemetry,
            Supervisor supervisor) {
        this.roles = roles;
        this.config = config;
        this.registry = registry;
        this.kafka = kafka;
        this.meters = meters;
        this.telemetry = telemetry;
        this.supervisor = supervisor;
    }

    // After topics and schemas are in place (lower priorities run first).
    void start(@Observes @Priority(100) StartupEvent event) {
        if (!roles.has(Role.VALIDATOR)) {
            return;
        }
        supervised = supervisor.start(LOOP, ValidatorRole::fatal, this::buildAndRun);
    }

    /**
     * Not retried in this process: a fenced producer means another instance owns our transactional id now (retrying
     * would fence it back, and the two would take turns), missing rights need an operator. The loop ends FAILED and
     * liveness goes DOWN, so the orchestrator restarts the pod, which then either takes over legitimately or keeps
     * failing visibly. Everything else (a broker or registry outage, a bug hit by one batch) gets a new life.
     */
    static boolean fatal(Throwable failure) {
        return Supervisor.causedBy(
                failure, ProducerFencedException.class, AuthorizationException.class, AuthenticationException.class);
    }

    /**
     * One life of the validator, on its supervised thread so start-up is not held up by it: state rebuilt from Kafka
     * and fresh clients every time, since a life that died may have left its clients and state half-way.
     */
    private void buildAndRun(Heartbeat heartbeat) {
        Clock clock = Clock.systemUTC();
        heartbeat.beat();
        EventDecoder decoder = new EventDecoder(new SchemaRegistryLookup(registry.confluentApi()));
        DuplicateFilter duplicates = new DuplicateFilter(config.dedupeWindow(), config.dedupeMaxEntries());
        CatalogState catalog = new CatalogState();
        try (KafkaConsumer<byte[], byte[]> reader = kafka.reader("lakehouse-validator-dedupe-rebuild")) {
            long started = System.nanoTime();
            int loaded = DuplicateRebuilder.rebuild(reader, duplicates, clock.instant(), heartbeat::beat);
            LOG.infof(
                    "Duplicate filter rebuilt from the validated topics: %d event ids of the last %s in %d ms",
                    loaded, config.dedupeWindow(), (System.nanoTime() - started) / 1_000_000);
        }
        CatalogFollower follower = new CatalogFollower(
                kafka.reader("lakehouse-validator-catalog"),
                decoder,
                RuleSet.withoutCatalog(clock, config.maxClockSkew()),
                catalog);

        Map<String, Object> producerConfig = kafka.client();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

        KafkaConsumer<byte[], byte[]> consumer = kafka.groupMember(config.groupId());
        KafkaProducer<byte[], byte[]> producer = null;
        // Consumer lag per partition, fetch rates; unbound when this life ends.
        try (ConsumerMetrics metrics = ConsumerMetrics.bind(consumer, config.groupId(), meters)) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
            RecordRouter router = new RecordRouter(
                    decoder,
                    RuleSet.all(catalog, clock, config.maxClockSkew()),
                    duplicates,
                    clock,
                    telemetry,
                    config.maxForwardBytes());
            loop = new ValidationLoop(
                    consumer,
                    producer,
                    router,
                    follower,
                    duplicates,
                    meters,
                    clock,
                    config.pollTimeout(),
                    config.retryBackoff());
            LOG.infof("Validator started: group %s, transactional id %s", config.groupId(), config.transactionalId());
            loop.run(heartbeat);
        } finally {
            // loop.run closes them too; this is for a life that failed before it got there (closing twice is harmless)
            consumer.close(Duration.ofSeconds(5));
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            follower.close();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (supervised != null) {
            supervised.stop(
                    () -> {
                        ValidationLoop current = loop;
                        if (current != null) {
                            current.stop();
                        }
                    },
                    Duration.ofSeconds(15));
        }
    }

    /** For readiness: not a validator at all, or a validator with its partitions. */
    public boolean ready() {
        return !roles.has(Role.VALIDATOR) || (loop != null && loop.ready());
    }
}
