package dev.lakehouse.spark.config;

import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The job configuration: built-in defaults, then an optional properties file, then the environment (each key's
 * MicroProfile spelling, {@code LAKEHOUSE_CATALOG_TYPE}), then {@code --set key=value} overrides, later ones winning.
 * The embedded default needs no file at all. Every key is listed in docs/configuration.md (ConfigurationDocTest
 * keeps the two equal); an unknown {@code lakehouse.*} key is refused at load, so a misspelling cannot be ignored
 * silently. {@code spark.*} keys pass straight through to the Spark session.
 */
public final class LakehouseConfig implements Serializable {

    public static final String DATA_DIR = "lakehouse.data-dir";
    public static final String CATALOG_TYPE = "lakehouse.catalog.type";
    public static final String CATALOG_URI = "lakehouse.catalog.uri";
    public static final String CATALOG_USER = "lakehouse.catalog.jdbc.user";
    public static final String CATALOG_PASSWORD = "lakehouse.catalog.jdbc.password";
    public static final String CATALOG_WAREHOUSE = "lakehouse.catalog.warehouse";
    /** Any other Iceberg catalog or FileIO property, passed through (s3.endpoint, io-impl ...). */
    public static final String CATALOG_PROP_PREFIX = "lakehouse.catalog.prop.";

    public static final String KAFKA_BOOTSTRAP = "lakehouse.kafka.bootstrap-servers";
    /** Any Kafka client property (security.protocol, sasl.*), for every Kafka client of the jobs. */
    public static final String KAFKA_OPTION_PREFIX = "lakehouse.kafka.option.";

    public static final String TOPIC_PREFIX = "lakehouse.kafka.topic-prefix";
    public static final String REGISTRY_URL = "lakehouse.registry.url";
    public static final String CHECKPOINT_DIR = "lakehouse.checkpoint.dir";
    public static final String TRIGGER = "lakehouse.stream.trigger";
    public static final String MAX_OFFSETS_PER_TRIGGER = "lakehouse.stream.max-offsets-per-trigger";
    public static final String STARTING_OFFSETS = "lakehouse.stream.starting-offsets";
    public static final String WATERMARK = "lakehouse.silver.watermark";
    /** The NAME of the environment variable holding the PII key ring (keys/PiiKeys). */
    public static final String PII_KEY_ENV = "lakehouse.pii.hmac-key-env";
    /** A PII key ring file (keys/PiiKeys); never the key itself. */
    public static final String PII_KEY_STORE = "lakehouse.pii.key-store";
    /** The data subjects' keys that open sealed personal fields (contracts/privacy); a folder or s3:// prefix. */
    public static final String PII_SUBJECT_KEYS = SubjectKeySettings.LOCATION;
    /** The AWS KMS key that wraps the subjects' keys. */
    public static final String PII_KMS_KEY_ID = SubjectKeySettings.KMS_KEY_ID;

    public static final String SESSION_TIMEOUT = "lakehouse.gold.session-timeout";
    public static final String TOP_N = "lakehouse.gold.top-n";
    public static final String SPARK_MASTER = "lakehouse.spark.master";
    public static final String HEALTH_FILE = "lakehouse.stream.health-file";
    public static final String HEALTH_INTERVAL = "lakehouse.stream.health-interval";
    /** Port of the streams' Prometheus endpoint (GET /metrics); unset: none, 0: any free port. */
    public static final String METRICS_PORT = "lakehouse.stream.metrics-port";

    public static final String RESTART_BACKOFF = "lakehouse.stream.restart-backoff";
    public static final String RESTART_BACKOFF_MAX = "lakehouse.stream.restart-backoff-max";
    public static final String MAX_RESTARTS = "lakehouse.stream.max-consecutive-failures";
    /** Test seam: {@code <query>:<n>} makes the first n batch attempts of that query throw. */
    public static final String FAULT_INJECTION = "lakehouse.stream.fault-injection";

    public static final String MAINTENANCE_MAX_SNAPSHOT_AGE = "lakehouse.maintenance.max-snapshot-age";
    public static final String MAINTENANCE_MIN_SNAPSHOTS = "lakehouse.maintenance.min-snapshots";
    public static final String MAINTENANCE_ORPHAN_AGE = "lakehouse.maintenance.orphan-age";
    public static final String MAINTENANCE_ATTEMPTS = "lakehouse.maintenance.attempts";

    /** The recommender (docs/recommendations.md): share of the time span held out to grade it. */
    public static final String RECOMMEND_HOLDOUT = "lakehouse.recommend.holdout-share";
    /** Products kept per customer (and in the popular list); at least 10. */
    public static final String RECOMMEND_TOP_N = "lakehouse.recommend.top-n";
    /** Most similar products kept per product. */
    public static final String RECOMMEND_NEIGHBOURS = "lakehouse.recommend.neighbours";
    /** A shopper's strongest products that form pairs (bounds the similarity self-join). */
    public static final String RECOMMEND_MAX_ITEMS = "lakehouse.recommend.max-items-per-customer";
    /** Weight of a shopper's own products beside their neighbours'. */
    public static final String RECOMMEND_OWN_WEIGHT = "lakehouse.recommend.own-weight";

    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;

    private LakehouseConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(DATA_DIR, "./.lakehouse-data");
        d.put(CATALOG_TYPE, "embedded");
        d.put(KAFKA_BOOTSTRAP, "127.0.0.1:29092");
        d.put(TOPIC_PREFIX, "commerce");
        d.put(REGISTRY_URL, "http://127.0.0.1:8081/apis/registry/v3");
        d.put(TRIGGER, "5 seconds");
        d.put(STARTING_OFFSETS, "earliest");
        d.put(WATERMARK, "30 minutes");
        d.put(PII_KEY_ENV, "LAKEHOUSE_PII_KEY");
        d.put(SESSION_TIMEOUT, "30 minutes");
        d.put(TOP_N, "10");
        d.put(SPARK_MASTER, "local[2]");
        d.put(HEALTH_INTERVAL, "5 seconds");
        d.put(RESTART_BACKOFF, "2 seconds");
        d.put(RESTART_BACKOFF_MAX, "60 seconds");
        d.put(MAX_RESTARTS, "20");
        d.put(RECOMMEND_HOLDOUT, "0.2");
        d.put(RECOMMEND_TOP_N, "10");
        d.put(RECOMMEND_NEIGHBOURS, "50");
        d.put(RECOMMEND_MAX_ITEMS, "50");
        d.put(RECOMMEND_OWN_WEIGHT, "1");
        return d;
    }

    public static LakehouseConfig defaultsOnly() {
        return new LakehouseConfig(DEFAULTS);
    }

    /** Defaults, then the file (if any), then the environment, then the overrides; unknown lakehouse.* keys fail. */
    public static LakehouseConfig load(Path file, Map<String, String> overrides) {
        return load(file, System.getenv(), overrides);
    }

    static LakehouseConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file " + file + " does not exist or is not a file");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            // A file may be shared with the app, which quotes a dotted map key (lakehouse.catalog.prop."s3.endpoint"):
            // the quotes are the app's syntax, not part of the key.
            p.stringPropertyNames()
                    .forEach(k ->
                            merged.put(k.replace("\"", ""), p.getProperty(k).trim()));
        }
        merged.putAll(ConfigKeys.fromEnvironment(environment));
        merged.putAll(overrides);
        ConfigKeys.refuseRetired(merged.keySet());
        ConfigKeys.refuseRetired(System.getProperties().stringPropertyNames());
        ConfigKeys.requireKnown(merged.keySet());
        return new LakehouseConfig(merged);
    }

    /** Parses {@code key=value} pairs as given to {@code --set}. */
    public static Map<String, String> parseOverrides(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set expects key=value, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    public LakehouseConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new LakehouseConfig(copy);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(
                    "missing configuration '" + key + "' (set it in the config file or with --set " + key + "=...)");
        }
        return v;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public int getInt(String key) {
        String v = get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("'" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    public Duration getDuration(String key) {
        return Durations.parse(key, get(key));
    }

    /**
     * Where the data subjects' keys are: {@code lakehouse.pii.subject-keys}, else (embedded catalog only) the
     * per-user folder of this lake, outside the data ({@link SubjectKeySettings#defaultFolder}).
     */
    public SubjectKeySettings subjectKeys() {
        String location = get(PII_SUBJECT_KEYS, null);
        if (location != null
                && !location.startsWith("s3://")
                && Path.of(location).toAbsolutePath().normalize().startsWith(dataDir())) {
            throw new ConfigException(PII_SUBJECT_KEYS + " = " + location + " lies inside the data folder " + dataDir()
                    + ": a copy of the lake would carry the keys that erasure deletes; keep them elsewhere");
        }
        try {
            return SubjectKeySettings.resolve(
                    location, get(PII_KMS_KEY_ID, null), get(CATALOG_TYPE), dataDir(), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public Path dataDir() {
        return Path.of(get(DATA_DIR)).toAbsolutePath().normalize();
    }

    /**
     * Where Spark keeps the streams' checkpoints: {@code lakehouse.checkpoint.dir}, else {@code <data-dir>/checkpoints}.
     * A URI (s3://, s3a://, hdfs://, file:) is kept as written: turning it into a local path would fold "s3a://b/x"
     * into the local folder "s3a:/b/x". Only a plain path is made absolute.
     */
    /** The registry's Confluent-compatible API, from {@code lakehouse.registry.url} (the same value the app takes). */
    public String registryApi() {
        return SchemaRegistryLookup.confluentApi(get(REGISTRY_URL));
    }

    public String checkpointDir() {
        String v = values.get(CHECKPOINT_DIR);
        if (v == null || v.isBlank()) {
            return dataDir().resolve("checkpoints").toString();
        }
        if (v.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !v.matches("^[A-Za-z]:[\\\\/].*")) {
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
        return Path.of(v).toAbsolutePath().normalize().toString();
    }

    /** The checkpoint location of one streaming query, under {@link #checkpointDir()}. */
    public String checkpointLocation(String query) {
        return checkpointDir() + "/" + query;
    }

    /** The stream health file: {@code lakehouse.stream.health-file}, else {@code <data-dir>/streams-health.json}. */
    public Path healthFile() {
        String v = values.get(HEALTH_FILE);
        return v == null || v.isBlank()
                ? dataDir().resolve("streams-health.json")
                : Path.of(v).toAbsolutePath().normalize();
    }

    /** Keys under a prefix, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
