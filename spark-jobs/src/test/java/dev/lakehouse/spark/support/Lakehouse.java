package dev.lakehouse.spark.support;

import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One test's lakehouse: its own data dir (catalog + warehouse + checkpoints), topics and Spark session. */
public final class Lakehouse {
    public static final String PII_KEY = "test-pii-key";
    public final Path dataDir;
    public final String topicPrefix;
    public final LakehouseConfig config;
    public final SparkSession spark;

    public Lakehouse(Path dataDir, String topicPrefix, Map<String, String> extra) {
        this.dataDir = dataDir;
        this.topicPrefix = topicPrefix;
        Map<String, String> o = new HashMap<>();
        o.put(LakehouseConfig.DATA_DIR, dataDir.toString());
        o.put(LakehouseConfig.KAFKA_BOOTSTRAP, LocalStack.BOOTSTRAP);
        o.put(LakehouseConfig.REGISTRY_URL, LocalStack.CCOMPAT);
        o.put(LakehouseConfig.TOPIC_PREFIX, topicPrefix);
        o.put(LakehouseConfig.PII_KEY, PII_KEY);
        o.put(LakehouseConfig.TRIGGER, "available-now");
        o.put("spark.sql.shuffle.partitions", "2");
        o.putAll(extra);
        this.config = LakehouseConfig.load(null, o);
        this.spark = SparkSessions.create(config, "spark-jobs-test");
        TableDefinitions.applyAll(spark);
    }

    /** Runs bronze, silver and gold with the available-now trigger until all have caught up. */
    public void runToCompletion() {
        runToCompletion(config);
    }

    public void runToCompletion(LakehouseConfig cfg) {
        runToCompletion(cfg, List.of(StreamJob.Layer.BRONZE, StreamJob.Layer.SILVER, StreamJob.Layer.GOLD));
    }

    public void runToCompletion(LakehouseConfig cfg, List<StreamJob.Layer> layers) {
        try {
            StreamJob.preflight(cfg, layers);
            StreamJob.runOn(spark, cfg, layers);
        } catch (Exception e) {
            throw new IllegalStateException("stream run failed: " + e.getMessage(), e);
        }
    }

    public Dataset<Row> table(String name) {
        spark.sql("REFRESH TABLE lake." + name);
        return spark.table("lake." + name);
    }

    public List<String> strings(String sql) {
        return spark.sql(sql).collectAsList().stream()
                .map(r -> r.isNullAt(0) ? null : r.get(0).toString())
                .toList();
    }
}
