package dev.lakehouse.validation.quarantine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "lakehouse.quarantine")
public interface QuarantineConfig {

    /** S3 bucket for rejected records (env LAKEHOUSE_QUARANTINE_BUCKET). Unset: the dead-letter topic alone keeps them. */
    Optional<String> bucket();

    /** Key prefix inside the bucket. */
    @WithDefault("quarantine")
    String prefix();

    /** Consumer group of the archivers; the committed offset marks what is safely in S3. */
    @WithDefault("lakehouse-quarantine")
    String groupId();

    /** Pause before trying S3 again after a failure. */
    @WithDefault("5s")
    Duration retryBackoff();

    /**
     * Objects of one batch written at once. Each put is one HTTP round trip, so one at a time makes a burst of
     * dead letters (a poison flood) queue behind S3's latency; a few connections keep up with it.
     */
    @WithDefault("8")
    int parallelPuts();
}
