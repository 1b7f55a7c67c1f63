package dev.lakehouse.validation.quarantine;

import dev.lakehouse.kafka.ConsumerMetrics;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.supervision.SupervisedLoop;
import dev.lakehouse.supervision.Supervisor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** Validator instances also archive the dead letters to S3, when a quarantine bucket is configured. */
@ApplicationScoped
public class QuarantineRole {

    private static final Logger LOG = Logger.getLogger(QuarantineRole.class);

    /** The supervised loop's name, in liveness and in lakehouse.loop.restarts{loop=quarantine}. */
    public static final String LOOP = "quarantine";

    private final Roles roles;
    private final QuarantineConfig config;
    private final KafkaSettings kafka;
    private final Instance<S3Client> s3;
    private final MeterRegistry meters;
    private final Supervisor supervisor;
    private volatile QuarantineArchiver archiver;
    private volatile SupervisedLoop supervised;

    QuarantineRole(
            Roles roles,
            QuarantineConfig config,
            KafkaSettings kafka,
            Instance<S3Client> s3,
            MeterRegistry meters,
            Supervisor supervisor) {
        this.roles = roles;
        this.config = config;
        this.kafka = kafka;
        this.s3 = s3;
        this.meters = meters;
        this.supervisor = supervisor;
    }

    void start(@Observes @Priority(110) StartupEvent event) {
        if (!roles.has(Role.VALIDATOR) || config.bucket().isEmpty()) {
            return;
        }
        // Nothing the archiver meets is fatal: S3 and Kafka errors are waited out, a bad record is skipped.
        supervised = supervisor.start(LOOP, failure -> false, this::archive);
        LOG.infof(
                "Quarantine archiver started: dead letters to s3://%s/%s/",
                config.bucket().get(), config.prefix());
    }

    /** One life: a fresh consumer (a life that died may have left its own mid-batch). */
    private void archive(Heartbeat heartbeat) {
        KafkaConsumer<byte[], byte[]> consumer = kafka.groupMember(config.groupId());
        // The archiver's lag behind the dead-letter topic, as the validator's (same names, group tag).
        try (ConsumerMetrics metrics = ConsumerMetrics.bind(consumer, config.groupId(), meters)) {
            archiver = new QuarantineArchiver(
                    consumer,
                    s3.get(),
                    config.bucket().get(),
                    config,
                    meters,
                    () -> kafka.reader("lakehouse-quarantine-payload"));
            archiver.run(heartbeat);
        }
    }

    /** The S3 error while the bucket cannot be written at all (for readiness); empty when fine or not archiving. */
    public Optional<String> bucketProblem() {
        QuarantineArchiver current = archiver;
        return current == null ? Optional.empty() : current.bucketProblem();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (supervised != null) {
            supervised.stop(
                    () -> {
                        QuarantineArchiver current = archiver;
                        if (current != null) {
                            current.stop();
                        }
                    },
                    Duration.ofSeconds(10));
        }
    }
}
