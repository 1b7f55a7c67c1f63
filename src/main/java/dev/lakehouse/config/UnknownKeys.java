package dev.lakehouse.config;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.kafka.KafkaConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start with a lakehouse.* key no code reads: a misspelt key would otherwise be ignored and its
 * default used in silence. Runs before anything else at start-up (topics, schemas, roles), for the service and
 * every CLI command alike. Environment variables are not checked: LAKEHOUSE_* names that match no key are the
 * launcher's and the tests' own (LAKEHOUSE_STACK_DIST ...), and cannot be told from a misspelling.
 */
@ApplicationScoped
public class UnknownKeys {

    void check(@Observes @Priority(1) StartupEvent event, Config config, KafkaConfig kafka) {
        requireKnown(config);
        if (!Domain.DEFAULT_PREFIX.equals(kafka.topicPrefix())) {
            throw new IllegalStateException(
                    "lakehouse.kafka.topic-prefix=" + kafka.topicPrefix() + ": the app names its "
                            + "topics with the prefix '" + Domain.DEFAULT_PREFIX + "' only; leave the key unset");
        }
    }

    /** Fails on the first unknown lakehouse.* name, naming it and the closest known key. */
    public static void requireKnown(Config config) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            // A profile's key (%test.lakehouse.x) is the key lakehouse.x.
            names.add(name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1) : name);
        }
        for (String name : names) {
            if (!ConfigVocabulary.isKnown(name) && !fromEnvironmentOnly(config, name)) {
                throw new IllegalStateException("unknown configuration key '" + name + "': did you mean '"
                        + ConfigVocabulary.closest(name) + "'? (every key: docs/configuration.md)");
            }
        }
    }

    /**
     * SmallRye lists an environment variable under a dotted name too (LAKEHOUSE_STACK_DIST as lakehouse.stack.dist):
     * such a name is the launcher's or a test's variable, not a misspelt key.
     */
    private static boolean fromEnvironmentOnly(Config config, String name) {
        String source = config.getConfigValue(name).getSourceName();
        return source == null || source.contains("EnvConfigSource");
    }
}
