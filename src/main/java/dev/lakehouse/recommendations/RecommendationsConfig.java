package dev.lakehouse.recommendations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** lakehouse.api.recommendations.*: how the API serves spark-jobs' recommendations (docs/recommendations.md). */
@ConfigMapping(prefix = "lakehouse.api.recommendations")
public interface RecommendationsConfig {

    /**
     * The longest an answer waits for the lake when a new model version has been published; past it, the answer
     * comes from the lists already in memory (marked stale) or, before any, the cold-start answer.
     */
    @WithDefault("300ms")
    Duration timeout();
}
