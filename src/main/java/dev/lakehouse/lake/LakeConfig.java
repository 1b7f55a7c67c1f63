package dev.lakehouse.lake;

import dev.lakehouse.contracts.lake.CatalogSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lakehouse.data-dir and lakehouse.catalog.*: where the api role finds the Iceberg catalog that spark-jobs writes.
 * The data dir is not part of the {@code lakehouse.catalog} mapping because a mapping rooted at {@code lakehouse}
 * would claim every other lakehouse.* key.
 *
 * @param dataDir holds the embedded catalog ({@code catalog.db}) and warehouse ({@code warehouse/})
 */
public record LakeConfig(String dataDir, CatalogConfig catalog) {

    /** The keys as {@link CatalogSettings} reads them (full names, unset ones absent). */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CatalogSettings.DATA_DIR, dataDir);
        s.put(CatalogSettings.TYPE, catalog.type());
        catalog.uri().ifPresent(v -> s.put(CatalogSettings.URI, v));
        catalog.warehouse().ifPresent(v -> s.put(CatalogSettings.WAREHOUSE, v));
        catalog.jdbc().user().ifPresent(v -> s.put(CatalogSettings.JDBC_USER, v));
        catalog.jdbc().password().ifPresent(v -> s.put(CatalogSettings.JDBC_PASSWORD, v));
        catalog.prop().forEach((k, v) -> s.put(CatalogSettings.PROP_PREFIX + k, v));
        return s;
    }
}
