package dev.lakehouse.testing;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers and consumers against the test stack, configured as the platform's own clients are. */
public final class KafkaTestClients {

    private KafkaTestClients() {}

    /** A producer through Apicurio's serializer, looking schemas up, never registering them (as in production). */
    public static KafkaProducer<String, SpecificRecord> avroProducer() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackResource.BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        return new KafkaProducer<>(config, new StringSerializer(), avroSerializer());
    }

    public static AvroKafkaSerializer<SpecificRecord> avroSerializer() {
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(
                Map.of(
                        "apicurio.registry.url", LocalStackResource.REGISTRY_V3,
                        "apicurio.registry.auto-register", false,
                        // Look the schema up as registered: whole, with the shared types inlined, not as references.
                        "apicurio.registry.dereference-schema", true),
                false);
        return serializer;
    }

    public static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalStackResource.BOOTSTRAP,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    public static Deserializer<SpecificRecord> avroDeserializer() {
        AvroKafkaDeserializer<SpecificRecord> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(
                Map.of(
                        "apicurio.registry.url",
                        LocalStackResource.REGISTRY_V3,
                        "apicurio.registry.use-specific-avro-reader",
                        true),
                false);
        return deserializer;
    }

    /** Reads a topic from the beginning (committed records only) until {@code done} holds or the timeout passes. */
    public static <V> List<ConsumerRecord<String, V>> readUntil(
            String topic, Deserializer<V> values, Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        return readUntil(List.of(topic), values, done, timeout);
    }

    public static <V> List<ConsumerRecord<String, V>> readUntil(
            List<String> topics,
            Deserializer<V> values,
            Predicate<List<ConsumerRecord<String, V>>> done,
            Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackResource.BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    public static List<ConsumerRecord<String, byte[]>> readRawUntil(
            String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return readUntil(topic, new ByteArrayDeserializer(), done, timeout);
    }
}
