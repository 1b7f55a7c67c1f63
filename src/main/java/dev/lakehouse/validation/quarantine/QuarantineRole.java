package dev.lakehouse.validation.quarantine;

import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** Validator instances also archive the dead letters to S3, when a quarantine bucket is configured. */
@ApplicationScoped
public class QuarantineRole {

    private static final Logger LOG = Logger.getLogger(QuarantineRole.class);

    private final Roles roles;
    private final QuarantineConfig config;
    private final KafkaSettings kafka;
    private final Instance<S3Client> s3;
    private final MeterRegistry meters;
    private volatile QuarantineArchiver archiver;
    private volatile Thread thread;

    QuarantineRole(Roles roles, QuarantineConfig config, KafkaSettings kafka, Instance<S3Client> s3, MeterRegistry meters) {
        this.roles = roles;
        this.config = config;
        this.kafka = kafka;
        this.s3 = s3;
        this.meters = meters;
    }

    void start(@Observes @Priority(110) StartupEvent event) {
        if (!roles.has(Role.VALIDATOR) || config.bucket().isEmpty()) {
            return;
        }
        Map<String, Object> consumerConfig = kafka.client();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        archiver = new QuarantineArchiver(new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                s3.get(), config.bucket().get(), config, meters);
        thread = new Thread(archiver, "quarantine");
        thread.start();
        LOG.infof("Quarantine archiver started: dead letters to s3://%s/%s/", config.bucket().get(), config.prefix());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (archiver != null) {
            archiver.stop();
            thread.join(10_000);
        }
    }
}
