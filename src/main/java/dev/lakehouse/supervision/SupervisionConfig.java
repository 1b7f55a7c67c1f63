package dev.lakehouse.supervision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** lakehouse.supervision.*: restart backoff of the app's long-running loops and the bounds of the liveness check. */
@ConfigMapping(prefix = "lakehouse.supervision")
public interface SupervisionConfig {

    @WithDefault("1s")
    Duration firstBackoff();

    @WithDefault("60s")
    Duration maxBackoff();

    @WithDefault("60s")
    Duration healthyAfter();

    @WithDefault("5")
    int unhealthyAfterFailures();

    /** Default bound between two beats; the validator beats every poll (200 ms), the archiver every 500 ms. */
    @WithDefault("2m")
    Duration stuckAfter();

    /** Per loop (validator, quarantine, generator): lakehouse.supervision.loop.generator.stuck-after=10m. */
    Map<String, Loop> loop();

    interface Loop {
        Optional<Duration> stuckAfter();
    }

    default LoopSettings settings(String loop) {
        Duration stuck =
                Optional.ofNullable(loop().get(loop)).flatMap(Loop::stuckAfter).orElse(stuckAfter());
        return new LoopSettings(stuck, firstBackoff(), maxBackoff(), healthyAfter(), unhealthyAfterFailures());
    }
}
