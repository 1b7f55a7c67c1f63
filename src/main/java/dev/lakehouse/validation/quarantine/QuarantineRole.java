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
        archiver = new QuarantineArchiver(kafka.groupMember(config.groupId()),
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
