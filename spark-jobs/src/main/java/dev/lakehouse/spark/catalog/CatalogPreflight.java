package dev.lakehouse.spark.catalog;

import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Checks that the configured catalog can be reached before Spark starts, so a wrong URI fails in a second with
 * a sentence instead of minutes later inside a stack trace.
 */
public final class CatalogPreflight {
    private CatalogPreflight() {}

    public static void check(LakehouseConfig config) {
        Map<String, String> p = SparkCatalogProperties.icebergProperties(config);
        String type = config.get(LakehouseConfig.CATALOG_TYPE);
        if (!p.getOrDefault("uri", "").startsWith("jdbc:")) {
            if (!p.containsKey("catalog-impl") || !p.containsKey("io-impl")) {
                return; // rest: the server is asked when Spark starts
            }
            try {
                Class.forName(p.get("catalog-impl"));
                Class.forName(p.get("io-impl"));
            } catch (ClassNotFoundException e) {
                throw new ConfigException(
                        "catalog type '" + type + "' needs " + e.getMessage()
                                + " on the classpath: add org.apache.iceberg:iceberg-aws-bundle (docker/Dockerfile.spark adds it to the Spark image)");
            }
            return;
        }
        String uri = p.get("uri");
        if (uri.startsWith("jdbc:sqlite:")) {
            Path db = Path.of(uri.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
            try {
                Files.createDirectories(db.toAbsolutePath().getParent());
            } catch (Exception e) {
                throw new ConfigException("cannot create the catalog folder for " + db + ": " + e.getMessage());
            }
        }
        Properties props = new Properties();
        p.forEach((k, v) -> {
            if (k.startsWith("jdbc.") && !k.equals("jdbc.schema-version")) {
                props.setProperty(k.substring("jdbc.".length()), v);
            }
        });
        try (Connection ignored = DriverManager.getConnection(uri, props)) {
            // reachable
        } catch (SQLException e) {
            throw new ConfigException("the Iceberg catalog database at " + uri + " cannot be reached (" + e.getMessage()
                    + "); check " + LakehouseConfig.CATALOG_URI + " and the credentials");
        }
    }
}
