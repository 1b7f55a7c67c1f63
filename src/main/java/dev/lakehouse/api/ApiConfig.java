package dev.lakehouse.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** lakehouse.api.*: the api role's own settings (the lake's are lakehouse.data-dir and lakehouse.catalog.*). */
@ConfigMapping(prefix = "lakehouse.api")
public interface ApiConfig {

    Pipeline pipeline();

    interface Pipeline {
        /** How often the end offsets of the raw and dead-letter topics are read. */
        @WithDefault("5s")
        Duration sampleInterval();

        /** Rates are averaged over this much of the recent samples. */
        @WithDefault("60s")
        Duration rateWindow();
    }
}
