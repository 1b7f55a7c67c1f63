package dev.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Undecodable records go to the dead-letter topic with their original bytes and the reason,
 * and the consumer keeps going: a good record sent after them still comes through.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DeadLetterTest {

    @Test
    void badBytesAndUnknownSchemaIdsAreDeadLetteredAndTheConsumerGoesOn() throws Exception {
        String topic = Domain.ORDERS.rawTopic();
        String keyRandom = "poison-" + UUID.randomUUID();
        String keyUnknownId = "poison-" + UUID.randomUUID();
        byte[] randomBytes = new byte[64];
        new Random(42).nextBytes(randomBytes);
        randomBytes[0] = 7; // not the magic byte, whatever the seed gives
        byte[] unknownId = ByteBuffer.allocate(5 + 8)
                .put((byte) 0)
                .putInt(987_654)
                .put("whatever".getBytes(StandardCharsets.UTF_8))
                .array();

        RecordMetadata randomAt;
        RecordMetadata unknownAt;
        try (KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            randomAt = raw.send(new ProducerRecord<>(topic, bytes(keyRandom), randomBytes))
                    .get();
            unknownAt = raw.send(new ProducerRecord<>(topic, bytes(keyUnknownId), unknownId))
                    .get();
        }
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        SampleEvents.Keyed good = SampleEvents.first(samples, Domain.ORDERS);
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            for (SampleEvents.Keyed sample : samples) { // the order's products first
                producer.send(new ProducerRecord<>(sample.domain().rawTopic(), sample.key(), sample.event()))
                        .get();
            }
        }

        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.readRawUntil(
                Domain.DEAD_LETTER_TOPIC,
                records -> keyed(records, keyRandom) != null && keyed(records, keyUnknownId) != null,
                Duration.ofSeconds(60));

        ConsumerRecord<String, byte[]> notAvro = keyed(dead, keyRandom);
        assertThat(notAvro).as("random bytes on the dead-letter topic").isNotNull();
        assertThat(notAvro.value()).as("original bytes kept").isEqualTo(randomBytes);
        assertThat(header(notAvro, DeadLetterHeaders.REASON_CODE)).isEqualTo("NOT_AVRO");
        assertThat(header(notAvro, DeadLetterHeaders.REASON)).contains("magic byte");
        assertThat(header(notAvro, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
        assertThat(header(notAvro, DeadLetterHeaders.SOURCE_PARTITION))
                .isEqualTo(Integer.toString(randomAt.partition()));
        assertThat(header(notAvro, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(randomAt.offset()));
        assertThat(header(notAvro, DeadLetterHeaders.REJECTED_AT)).isNotBlank();

        ConsumerRecord<String, byte[]> unknown = keyed(dead, keyUnknownId);
        assertThat(unknown).as("unknown schema id on the dead-letter topic").isNotNull();
        assertThat(unknown.value()).isEqualTo(unknownId);
        assertThat(header(unknown, DeadLetterHeaders.REASON_CODE)).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(header(unknown, DeadLetterHeaders.REASON)).contains("987654");
        assertThat(header(unknown, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(Long.toString(unknownAt.offset()));

        List<ConsumerRecord<String, SpecificRecord>> valid = KafkaTestClients.readUntil(
                Domain.ORDERS.validTopic(),
                KafkaTestClients.avroDeserializer(),
                records -> records.stream().anyMatch(r -> r.value().equals(good.event())),
                Duration.ofSeconds(60));
        assertThat(valid)
                .as("the good record after the poison ones")
                .anyMatch(r -> r.value().equals(good.event()));
        assertThat(dead)
                .as("the good record is not dead-lettered")
                .noneMatch(r -> good.key().equals(r.key()));
    }

    private static ConsumerRecord<String, byte[]> keyed(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
