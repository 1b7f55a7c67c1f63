package dev.lakehouse.spark.support;

import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One test's lakehouse: its own data dir (catalog + warehouse + checkpoints), topics and Spark session. */
public final class Lakehouse {
    /** The tests' PII key: version 1 of the shared test key ring, {@link #testKeyStore()}. */
    public static final String PII_KEY = "test-pii-key-0123456789";

    private static Path sharedKeyStore;
    private static Path sharedSubjectKeys;
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
        o.put(LakehouseConfig.PII_KEY_STORE, testKeyStore().toString());
        // As the launcher and the chart do, whatever the catalog (only the embedded one has a per-user default).
        o.put(LakehouseConfig.PII_SUBJECT_KEYS, testSubjectKeys().toString());
        o.put(LakehouseConfig.TRIGGER, "available-now");
        o.put("spark.sql.shuffle.partitions", "2");
        o.putAll(extra);
        this.config = LakehouseConfig.load(null, o);
        this.spark = SparkSessions.create(config, "spark-jobs-test");
        TableDefinitions.applyAll(spark);
    }

    /**
     * A key ring file holding {@link #PII_KEY} as v1, outside every test's data folder (the jobs refuse a key store
     * inside it), shared by the tests of this JVM. A test that rotates brings its own ({@link #newKeyStore}).
     */
    public static synchronized Path testKeyStore() {
        if (sharedKeyStore == null) {
            sharedKeyStore = newKeyStore();
        }
        return sharedKeyStore;
    }

    /** The data subjects' key folder of this JVM's tests, outside every test's data folder. */
    public static synchronized Path testSubjectKeys() {
        if (sharedSubjectKeys == null) {
            try {
                sharedSubjectKeys = Files.createTempDirectory("lakehouse-test-subject-keys");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedSubjectKeys;
    }

    /** A fresh key ring file with {@link #PII_KEY} as v1, mode 600, deleted when the JVM exits. */
    public static Path newKeyStore() {
        try {
            Path dir = Files.createTempDirectory("lakehouse-test-keys");
            Path file = dir.resolve("pii.keys");
            Files.writeString(file, "v1:" + PII_KEY + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
