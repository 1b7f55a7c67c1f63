package dev.lakehouse.spark.catalog;

import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code lakehouse.catalog.*} into the properties of the Iceberg catalog named {@code lake}. The same
 * properties (without the {@code spark.sql.catalog.lake.} prefix) are what iceberg-core readers such as the
 * platform API pass to {@code CatalogUtil.buildIcebergCatalog}, so they are documented in docs/spark-jobs.md.
 */
public final class CatalogSettings {
  public static final String CATALOG = "lake";

  private CatalogSettings() {}

  /** Iceberg catalog properties, without any Spark prefix. */
  public static Map<String, String> icebergProperties(LakehouseConfig config) {
    String type = config.get(LakehouseConfig.CATALOG_TYPE).toLowerCase(Locale.ROOT);
    Map<String, String> p = new LinkedHashMap<>();
    switch (type) {
      case "embedded" -> {
        Path dir = config.dataDir();
        // Writers here use LakeJdbcCatalog (commits take turns); readers may use plain type=jdbc.
        p.put("catalog-impl", LakeJdbcCatalog.class.getName());
        // WAL: readers (the platform API, maintenance) never block a stream's commit; writers wait up to 30 s.
        p.put("uri", config.get(LakehouseConfig.CATALOG_URI, "jdbc:sqlite:" + dir.resolve("catalog.db")
            + "?journal_mode=WAL&busy_timeout=30000"));
        p.put("warehouse", config.get(LakehouseConfig.CATALOG_WAREHOUSE, dir.resolve("warehouse").toUri().toString()));
        p.put("jdbc.schema-version", "V1");
      }
      case "postgres" -> {
        p.put("type", "jdbc");
        p.put("uri", config.get(LakehouseConfig.CATALOG_URI));
        p.put("warehouse", config.get(LakehouseConfig.CATALOG_WAREHOUSE));
        p.put("jdbc.schema-version", "V1");
        p.put("jdbc.user", config.get(LakehouseConfig.CATALOG_USER, "lakehouse"));
        p.put("jdbc.password", config.get(LakehouseConfig.CATALOG_PASSWORD, ""));
      }
      case "glue" -> {
        p.put("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
        p.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        p.put("warehouse", config.get(LakehouseConfig.CATALOG_WAREHOUSE));
      }
      default -> throw new ConfigException("unknown " + LakehouseConfig.CATALOG_TYPE + " '" + type
          + "': use embedded, postgres or glue");
    }
    // Several sessions (bronze, silver, maintenance, readers) commit to the same tables: a cached table would
    // hide the others' commits, so every load reads the catalog.
    p.put("cache-enabled", "false");
    // Anything else (glue.id, client.region, s3.endpoint, ...) passes through unchanged.
    p.putAll(config.withPrefix(LakehouseConfig.CATALOG_PROP_PREFIX));
    return p;
  }

  /** The same properties as Spark session settings for the catalog {@code lake}. */
  public static Map<String, String> sparkProperties(LakehouseConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    out.put("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog");
    icebergProperties(config).forEach((k, v) -> out.put("spark.sql.catalog." + CATALOG + "." + k, v));
    return out;
  }
}
