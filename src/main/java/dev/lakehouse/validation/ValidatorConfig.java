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
}
