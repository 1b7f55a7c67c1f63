package dev.lakehouse.validation.quarantine;

import dev.lakehouse.testing.LocalStackResource;
import java.time.Duration;
import java.util.Optional;

/** lakehouse.quarantine.* as a test chooses it, for an archiver made outside the application: the test stack's bucket. */
record TestQuarantineConfig(String prefix, String groupId, Duration retryBackoff) implements QuarantineConfig {

    @Override
    public Optional<String> bucket() {
        return Optional.of(LocalStackResource.S3_BUCKET);
    }

    @Override
    public int parallelPuts() {
        return 4;
    }
}
