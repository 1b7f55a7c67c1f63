package dev.lakehouse.lake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * lakehouse.lake.*: where the api role finds the Iceberg catalog that spark-jobs writes. The defaults are the
 * embedded catalog (SQLite file + local warehouse under the data dir), as spark-jobs' own defaults.
 */
@ConfigMapping(prefix = "lakehouse.lake")
public interface LakeConfig {

    /** Holds the embedded catalog ({@code catalog.db}) and warehouse ({@code warehouse/}); same as spark-jobs' lakehouse.data-dir. */
    @WithDefault("./.lakehouse-data")
    String dataDir();

    Catalog catalog();

    interface Catalog {
        /** Iceberg catalog type ({@code jdbc}, {@code glue}, {@code rest}, ...); ignored when prop.catalog-impl is set. */
        @WithDefault("jdbc")
        String type();

        /** JDBC URL of the catalog database; unset with type jdbc: the embedded SQLite file under the data dir. */
        Optional<String> uri();

        /** Warehouse location; unset with type jdbc and no uri: the data dir's warehouse folder. */
        Optional<String> warehouse();

        /** Any other Iceberg catalog property, passed through: jdbc.user, io-impl, s3.endpoint, client.region, glue.id ... */
        Map<String, String> prop();
    }
}
