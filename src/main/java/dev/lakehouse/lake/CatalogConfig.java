package dev.lakehouse.lake;

import dev.lakehouse.contracts.lake.CatalogSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * lakehouse.catalog.*: the Iceberg catalog spark-jobs writes, with the Spark jobs' own keys and meaning
 * ({@link CatalogSettings}). The default is the embedded catalog under lakehouse.data-dir.
 */
@ConfigMapping(prefix = "lakehouse.catalog")
public interface CatalogConfig {

    /** {@code embedded}, {@code jdbc}, {@code glue} or {@code rest}. */
    @WithDefault(CatalogSettings.EMBEDDED)
    String type();

    /** JDBC URL of the catalog database (or the REST catalog's URL); with embedded: the SQLite file under the data dir. */
    Optional<String> uri();

    /** Warehouse location; with embedded: the data dir's warehouse folder. */
    Optional<String> warehouse();

    Jdbc jdbc();

    /** Any other Iceberg catalog property, passed through: io-impl, s3.endpoint, client.region, glue.id ... */
    Map<String, String> prop();

    interface Jdbc {
        Optional<String> user();

        Optional<String> password();
    }
}
