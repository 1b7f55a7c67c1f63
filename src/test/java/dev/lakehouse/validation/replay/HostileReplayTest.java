package dev.lakehouse.validation.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.DeadLetterHeaders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Hostile records through the running validator and then through replay, which judges dead
 * letters with the same router: a record declaring a 2 GB string, a record too large to
 * forward, and a dead letter forged onto the dead-letter topic with no value. The validator
 * dead-letters them and goes on; replay reports them as still failing and does not stop.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class HostileReplayTest {

    @Inject
    Replays replays;

    @Test
    void hostileRecordsAreDeadLetteredAndReplayJudgesThemWithoutStopping() throws Exception {
        String topic = Domain.ORDERS.rawTopic();
        String twoGigKey = "hostile-" + UUID.randomUUID();
        String tooLargeKey = "hostile-" + UUID.randomUUID();
        // Frame with an id that exists: the order schema's own, read from a genuine record.
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        SampleEvents.Keyed good = SampleEvents.first(samples, Domain.ORDERS);
        byte[] genuine = KafkaTestClients.avroSerializer().serialize(topic, good.event());
        byte[] twoGig = ByteBuffer.allocate(12)
                .put(genuine, 0, 5)
                .put(new byte[] {(byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a', 'b'})
                .array();
        byte[] tooLarge = new byte[1_000_100];
        System.arraycopy(genuine, 0, tooLarge, 0, genuine.length);
        try (KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            raw.send(new ProducerRecord<>(topic, bytes(twoGigKey), twoGig)).get();
            raw.send(new ProducerRecord<>(topic, bytes(tooLargeKey), tooLarge)).get();
            RecordHeaders forged = new RecordHeaders();
            forged.add(DeadLetterHeaders.REASON_CODE, bytes("FORGED"));
            forged.add(DeadLetterHeaders.SOURCE_TOPIC, bytes(topic));
            raw.send(new ProducerRecord<byte[], byte[]>(
                            Domain.DEAD_LETTER_TOPIC, (Integer) null, (byte[]) null, (byte[]) null, forged))
                    .get();
        }
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            for (SampleEvents.Keyed sample : samples) {
                producer.send(new ProducerRecord<>(sample.domain().rawTopic(), sample.key(), sample.event()))
                        .get();
            }
        }

        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.readRawUntil(
                Domain.DEAD_LETTER_TOPIC,
                records -> keyed(records, twoGigKey) != null && keyed(records, tooLargeKey) != null,
                Duration.ofSeconds(90));
        assertThat(header(keyed(dead, twoGigKey), DeadLetterHeaders.REASON_CODE))
                .isEqualTo("LENGTH_BEYOND_RECORD");
        ConsumerRecord<String, byte[]> pointer = keyed(dead, tooLargeKey);
        assertThat(header(pointer, DeadLetterHeaders.REASON_CODE)).isEqualTo("RECORD_TOO_LARGE");
        assertThat(pointer.value()).as("a pointer, no payload").isNull();
        assertThat(header(pointer, DeadLetterHeaders.PAYLOAD_LOCATION)).startsWith("kafka:" + topic + "/");
        // The validator went on after them.
        assertThat(KafkaTestClients.readUntil(
                        Domain.ORDERS.validTopic(),
                        KafkaTestClients.avroDeserializer(),
                        records -> records.stream().anyMatch(r -> r.value().equals(good.event())),
                        Duration.ofSeconds(60)))
                .anyMatch(r -> r.value().equals(good.event()));

        DeadLetterReplayer.Report report = replays.run(true, Optional.empty());
        assertThat(report.stillFailing())
                .containsKeys(
                        "LENGTH_BEYOND_RECORD -> LENGTH_BEYOND_RECORD",
                        "RECORD_TOO_LARGE -> RECORD_TOO_LARGE",
                        "FORGED -> TOMBSTONE");
    }

    private static ConsumerRecord<String, byte[]> keyed(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
