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

    private ConfigKeys() {}

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
