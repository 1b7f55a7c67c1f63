package dev.lakehouse.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Client settings for the plain Kafka clients the platform creates itself (admin, the
 * validator's transactional loop): every {@code kafka.*} property of the application, as
 * Quarkus collects them, then every {@code lakehouse.kafka.option.*} (the key spark-jobs reads
 * too), so security settings given for production apply everywhere.
 */
@ApplicationScoped
public class KafkaSettings {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> brokerConfig;

    @Inject
    KafkaConfig config;

    /** A fresh, mutable copy, to be extended with client-specific settings. */
    public Map<String, Object> client() {
        Map<String, Object> copy = new HashMap<>(brokerConfig);
        // A quoted dotted key ("sasl.mechanism") arrives with its quotes from some sources: they are syntax.
        config.option().forEach((key, value) -> copy.put(key.replace("\"", ""), value));
        if (!copy.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalStateException("lakehouse.kafka.bootstrap-servers is not set: point it at your brokers "
                    + "(env LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS), or start the local stack with ./lakehouse stack up");
        }
        return copy;
    }

    /**
     * A member of a consumer group that commits its offsets itself (with a transaction or after
     * its work is safe), reads committed records only, and starts a new group at the beginning.
     */
    public KafkaConsumer<byte[], byte[]> groupMember(String groupId) {
        Map<String, Object> config = client();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer outside any group, reading committed records only, for catching up on a topic. */
    public KafkaConsumer<byte[], byte[]> reader(String clientId) {
        Map<String, Object> config = client();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public String bootstrapServers() {
        return String.valueOf(client().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
}
