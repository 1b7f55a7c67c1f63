package dev.lakehouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** What our producers write is Confluent's wire format, readable by Confluent-protocol clients. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WireFormatTest {

    @Test
    void valuesAreConfluentFramedAndTheIdResolvesThroughTheConfluentApi() throws Exception {
        SampleEvents.Keyed event = SampleEvents.oneOfEach().get(1);
        RecordMetadata written;
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            written = producer.send(new ProducerRecord<>(event.domain().rawTopic(), event.key(), event.event()))
                    .get();
        }
        List<ConsumerRecord<String, byte[]>> raw = KafkaTestClients.readRawUntil(
                event.domain().rawTopic(),
                records -> records.stream()
                        .anyMatch(r -> r.offset() == written.offset() && r.partition() == written.partition()),
                Duration.ofSeconds(30));
        byte[] value = raw.stream()
                .filter(r -> r.offset() == written.offset() && r.partition() == written.partition())
                .findFirst()
                .orElseThrow()
                .value();

        assertThat(value[0]).as("magic byte").isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        String schema = new SchemaRegistryLookup(LocalStackResource.REGISTRY_CCOMPAT)
                .schemaById(id)
                .orElseThrow(() -> new AssertionError("id " + id + " unknown to the Confluent-compatible API"));
        assertThat(new Schema.Parser().parse(schema))
                .as("schema behind id %d", id)
                .isEqualTo(EventSchemas.of(event.domain()));
    }
}
