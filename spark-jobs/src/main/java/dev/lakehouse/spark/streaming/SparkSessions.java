package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.SparkCatalogProperties;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session every entry point uses: the lake catalog, UTC, and any {@code spark.*} overrides.
 * Each call returns a fresh session on the shared SparkContext, so one JVM (a test run) can point several
 * sessions at different catalogs.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession create(LakehouseConfig config, String appName) {
        // Creates the embedded catalog's folder and fails with a sentence if the catalog cannot be reached.
        CatalogPreflight.check(config);
        SparkConf conf = new SparkConf(true).setAppName(appName);
        // spark-submit sets the master; a plain `java -jar` run gets the configured local one.
        if (!conf.contains("spark.master")) {
            conf.setMaster(config.get(LakehouseConfig.SPARK_MASTER));
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        // The streams share one context: fair pools (one per query, see StreamJob) rather than one FIFO queue.
        conf.setIfMissing("spark.scheduler.mode", "FAIR");
        conf.set("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        config.asMap().forEach((k, v) -> {
            if (k.startsWith("spark.") && !k.startsWith("spark.sql.")) {
                conf.set(k, v);
            }
        });
        SparkSession session = SparkSession.builder().config(conf).getOrCreate().newSession();
        sessionSettings(config).forEach((k, v) -> session.conf().set(k, v));
        return session;
    }

    private static Map<String, String> sessionSettings(LakehouseConfig config) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.sql.session.timeZone", "UTC");
        s.put("spark.sql.shuffle.partitions", "4");
        s.put("spark.sql.streaming.stopTimeout", "60000");
        // Batches cache their decoded rows for a few seconds only: compressing the cache cost ~7% of silver's CPU.
        s.put("spark.sql.inMemoryColumnarStorage.compressed", "false");
        SparkCatalogProperties.sparkProperties(config).forEach((k, v) -> {
            if (!k.equals("spark.sql.extensions")) {
                s.put(k, v);
            }
        });
        config.asMap().forEach((k, v) -> {
            if (k.startsWith("spark.sql.")) {
                s.put(k, v);
            }
        });
        return s;
    }
}
