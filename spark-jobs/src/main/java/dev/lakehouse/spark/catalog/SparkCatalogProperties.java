package dev.lakehouse.spark.catalog;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark side of {@link CatalogSettings}: the shared catalog properties (the same ones the platform API reads
 * with), with the embedded catalog written through {@link LakeJdbcCatalog}, and as Spark session settings.
 */
public final class SparkCatalogProperties {
    private SparkCatalogProperties() {}

    /** Iceberg catalog properties, without any Spark prefix. */
    public static Map<String, String> icebergProperties(LakehouseConfig config) {
        try {
            // Writers here use LakeJdbcCatalog (commits take turns); readers may use plain type=jdbc.
            return CatalogSettings.icebergProperties(config.asMap(), LakeJdbcCatalog.class.getName());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The same properties as Spark session settings for the catalog {@code lake}. */
    public static Map<String, String> sparkProperties(LakehouseConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        out.put("spark.sql.catalog." + CatalogSettings.CATALOG_NAME, "org.apache.iceberg.spark.SparkCatalog");
        icebergProperties(config)
                .forEach((k, v) -> out.put("spark.sql.catalog." + CatalogSettings.CATALOG_NAME + "." + k, v));
        return out;
    }
}
