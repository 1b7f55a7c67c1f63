package dev.lakehouse.spark.config;

import dev.lakehouse.contracts.config.ClosestKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code lakehouse.*} keys the jobs read: every key constant of {@link LakehouseConfig} (so a key is known
 * exactly when code can read it), and the two pass-through families (a constant ending in a dot). Used to refuse unknown
 * keys at start-up, to map environment variables to keys, and by the test that holds docs/configuration.md to it.
 */
public final class ConfigKeys {

    public static final String NAMESPACE = "lakehouse.";

    private static final Set<String> KEYS = new TreeSet<>();
    private static final Set<String> PREFIXES = new TreeSet<>();

    static {
        for (Field f : LakehouseConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String value;
                try {
                    value = (String) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (value.startsWith(NAMESPACE)) {
                    (value.endsWith(".") ? PREFIXES : KEYS).add(value);
                }
            }
        }
    }

    /**
     * Keys no longer read, with what to use instead. {@code lakehouse.pii.hmac-key} held the PII key itself, which
     * ended up on command lines ({@code --set}, visible to every user in {@code ps}) and in files beside the data.
     */
    private static final Map<String, String> RETIRED = Map.of(
            "lakehouse.pii.hmac-key",
            "the PII key is never a setting (a command line shows it to every user in ps): put the key ring in the "
                    + "environment variable named by lakehouse.pii.hmac-key-env (LAKEHOUSE_PII_KEY) or in a file "
                    + "named by lakehouse.pii.key-store (mode 600, outside the data folder); locally the default "
                    + "key store needs neither (docs/security.md, \"Keys\")");

    /**
     * Secrets that may be settings but never on a command line ({@code --set}): other users see a command line in
     * ps, and shells keep it in their history.
     */
    private static final Map<String, String> NOT_ON_COMMAND_LINE = Map.of(
            "lakehouse.catalog.jdbc.password",
            "the environment variable LAKEHOUSE_CATALOG_JDBC_PASSWORD or a --config file",
            "lakehouse.catalog.prop.s3.secret-access-key",
            "a --config file (mode 600), or the AWS default credential chain");

    private ConfigKeys() {}

    /** Fails on a retired key, saying what replaced it. */
    public static void refuseRetired(Collection<String> keys) {
        for (String key : new TreeSet<>(keys)) {
            if (RETIRED.containsKey(key)) {
                throw new ConfigException("'" + key + "' is refused: " + RETIRED.get(key));
            }
        }
    }

    /** Fails on a secret given as a command-line override, saying where to put it instead. */
    public static void refuseOnCommandLine(Collection<String> keys) {
        refuseRetired(keys);
        for (String key : new TreeSet<>(keys)) {
            if (NOT_ON_COMMAND_LINE.containsKey(key)) {
                throw new ConfigException("'" + key + "' is a secret and is refused on the command line (visible in "
                        + "ps): use " + NOT_ON_COMMAND_LINE.get(key));
            }
        }
    }

    /** Exact keys. */
    public static Set<String> keys() {
        return Set.copyOf(KEYS);
    }

    /** Key families ending in '.', whose rest is passed through (lakehouse.kafka.option., lakehouse.catalog.prop.). */
    public static Set<String> prefixes() {
        return Set.copyOf(PREFIXES);
    }

    public static boolean isKnown(String key) {
        return !key.startsWith(NAMESPACE)
                || KEYS.contains(key)
                || PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }

    /** Fails on the first unknown lakehouse.* key, naming it and the closest known key. */
    public static void requireKnown(Collection<String> keys) {
        for (String key : new TreeSet<>(keys)) {
            if (!isKnown(key)) {
                throw new ConfigException("unknown configuration key '" + key + "': did you mean '" + closest(key)
                        + "'? (every key: docs/configuration.md)");
            }
        }
    }

    /** The known key (or family, as prefix + "*") nearest to the given one by edit distance. */
    public static String closest(String key) {
        Set<String> candidates = new TreeSet<>(KEYS);
        PREFIXES.forEach(p -> candidates.add(p + "*"));
        return ClosestKey.to(key, candidates);
    }

    /**
     * Exact keys set in the environment under their MicroProfile spelling (lakehouse.catalog.type is
     * LAKEHOUSE_CATALOG_TYPE), as the app reads them. Pass-through families cannot be spelt back from an
     * environment name (is LAKEHOUSE_KAFKA_OPTION_SASL_MECHANISM sasl.mechanism or sasl_mechanism?): set those in
     * the file or with --set. Other LAKEHOUSE_* variables are not keys and are left alone.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = environment.get(environmentName(key));
            if (value != null) {
                out.put(key, value.trim());
            }
        }
        return out;
    }

    /** MicroProfile Config's environment spelling: non-alphanumerics become '_', upper case. */
    public static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
