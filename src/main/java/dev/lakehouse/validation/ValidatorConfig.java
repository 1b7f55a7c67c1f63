package dev.lakehouse.validation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "lakehouse.validator")
public interface ValidatorConfig {

    /** Consumer group of all validator instances; they share the raw topics' partitions. */
    @WithDefault("lakehouse-validator")
    String groupId();

    /** Unique per instance (the pod name in Kubernetes), so a restarted instance fences its zombie. */
    @WithDefault("lakehouse-validator-${HOSTNAME:local}")
    String transactionalId();

    @WithDefault("200ms")
    Duration pollTimeout();

    /** Pause before retrying a batch when the registry or Kafka is unavailable. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** How far ahead of the validator's clock an event_time may be (producers' clock skew). */
    @WithDefault("5m")
    Duration maxClockSkew();

    /** An event_id seen again within this window is a duplicate and dropped. */
    @WithDefault("1h")
    Duration dedupeWindow();

    /** Upper bound of remembered event ids (about 100 bytes each); the oldest go first. */
    @WithDefault("500000")
    int dedupeMaxEntries();

    /**
     * The largest record (key + value + headers + the headers the validator adds) sent on to a
     * validated or the dead-letter topic; below the producer's max.request.size (1 MiB). A
     * larger raw record is dead-lettered as a pointer (RECORD_TOO_LARGE, value null, header
     * dlq.payload.location), so its batch is never retried forever.
     */
    @WithDefault("1000000")
    int maxForwardBytes();
}
