package dev.lakehouse.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * lakehouse.kafka.*: the Kafka keys both programs share (docs/configuration.md). Quarkus' own
 * kafka.bootstrap.servers is set from bootstrap-servers in application.properties, so the one key reaches
 * every client, Quarkus' included.
 */
@ConfigMapping(prefix = "lakehouse.kafka")
public interface KafkaConfig {

    /** host:port list of the brokers. Unset in dev mode and tests, where Dev Services or the test stack set Quarkus' key. */
    Optional<String> bootstrapServers();

    /**
     * Any Kafka client property (security.protocol, sasl.jaas.config ...), given to every client the app
     * creates. Read as lakehouse.kafka.option.&lt;property&gt;; a dotted property may be quoted
     * (lakehouse.kafka.option."sasl.mechanism") or not.
     */
    Map<String, String> option();

    /**
     * Prefix of the topic names. The app's topic names are fixed to the default until its Domain users take the
     * prefix; a different value fails at start-up rather than leaving the app and spark-jobs on different topics.
     */
    @WithDefault("commerce")
    String topicPrefix();
}
