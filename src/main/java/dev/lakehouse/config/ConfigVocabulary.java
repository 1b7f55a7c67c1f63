package dev.lakehouse.config;

import dev.lakehouse.api.ApiConfig;
import dev.lakehouse.audit.AuditConfig;
import dev.lakehouse.contracts.config.ClosestKey;
import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.generator.run.GeneratorConfig;
import dev.lakehouse.kafka.KafkaConfig;
import dev.lakehouse.lake.CatalogConfig;
import dev.lakehouse.privacy.PrivacyConfig;
import dev.lakehouse.recommendations.RecommendationsConfig;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.security.SignInConfig;
import dev.lakehouse.supervision.SupervisionConfig;
import dev.lakehouse.topics.TopicsConfig;
import dev.lakehouse.validation.ValidatorConfig;
import dev.lakehouse.validation.quarantine.QuarantineConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every lakehouse.* key the app reads, derived from the config mappings themselves (SmallRye's own view of them),
 * plus the few keys read one by one. A key is known here exactly when code reads it: ConfigurationDocTest holds
 * docs/configuration.md to this list and fails when a mapping or property in the sources is missing from it.
 * Names are patterns: {@code *} stands for a map key (a domain, a loop, a Kafka or Iceberg property) and
 * {@code [*]} for a list index.
 */
public final class ConfigVocabulary {

    public static final String NAMESPACE = "lakehouse.";

    /** The config mappings under lakehouse.*. */
    public static final List<Class<?>> MAPPINGS = List.of(
            KafkaConfig.class,
            RegistryConfig.class,
            CatalogConfig.class,
            TopicsConfig.class,
            GeneratorConfig.class,
            ValidatorConfig.class,
            QuarantineConfig.class,
            SupervisionConfig.class,
            ApiConfig.class,
            SignInConfig.class,
            AuditConfig.class,
            PrivacyConfig.class,
            RecommendationsConfig.class);

    /** Keys read with @ConfigProperty or set by the CLI's entry point. */
    public static final Set<String> PROPERTIES = Set.of("lakehouse.roles", CatalogSettings.DATA_DIR);

    private static final Set<String> KEYS = derive();
    private static final List<Pattern> MATCHERS =
            KEYS.stream().map(ConfigVocabulary::matcher).toList();

    private ConfigVocabulary() {}

    /** The key patterns, sorted. */
    public static Set<String> keys() {
        return KEYS;
    }

    public static boolean isKnown(String name) {
        return !name.startsWith(NAMESPACE)
                || MATCHERS.stream().anyMatch(m -> m.matcher(name).matches());
    }

    /** The known key pattern nearest to the given name by edit distance. */
    public static String closest(String name) {
        return ClosestKey.to(name, KEYS);
    }

    private static Set<String> derive() {
        Set<String> keys = new TreeSet<>(PROPERTIES);
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            keys.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix))
                    .keySet());
        }
        return java.util.Collections.unmodifiableSet(keys);
    }

    /**
     * A map key may hold dots (a Kafka or Iceberg property) and may be quoted; a list index is a number. So '*'
     * matches any non-empty text and '[*]' an index.
     */
    private static Pattern matcher(String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("(?=\\[\\*])|(?<=\\[\\*])|(?=\\*)|(?<=\\*)")) {
            regex.append(
                    switch (part) {
                        case "[*]" -> "\\[\\d+]";
                        case "*" -> ".+";
                        default -> Pattern.quote(part);
                    });
        }
        return Pattern.compile(regex.toString());
    }
}
