package dev.lakehouse.validation;

import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import dev.lakehouse.schemas.RegistryClient;
import dev.lakehouse.schemas.RegistryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
    private volatile ValidationLoop loop;
    private volatile Thread thread;

    ValidatorRole(Roles roles, ValidatorConfig config, RegistryConfig registry, KafkaSettings kafka, MeterRegistry meters) {
        this.roles = roles;
        this.config = config;
        this.registry = registry;
        this.kafka = kafka;
        this.meters = meters;
    }

    // After topics and schemas are in place (lower priorities run first).
    void start(@Observes @Priority(100) StartupEvent event) {
        if (!roles.has(Role.VALIDATOR)) {
            return;
        }
        Map<String, Object> consumerConfig = kafka.client();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerConfig = kafka.client();
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

        RecordRouter router = new RecordRouter(new EventDecoder(new RegistryClient(registry.confluentApi())), Clock.systemUTC());
        loop = new ValidationLoop(
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                router, meters, config.pollTimeout(), config.retryBackoff());
        thread = new Thread(loop, "validator");
        thread.start();
        LOG.infof("Validator started: group %s, transactional id %s", config.groupId(), config.transactionalId());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(10_000);
        }
    }

    public boolean isRunning() {
        return thread != null && thread.isAlive();
    }
}
