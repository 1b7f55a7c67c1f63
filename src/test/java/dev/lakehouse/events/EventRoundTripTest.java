package dev.lakehouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every domain's event goes through the registry-aware serializer into its raw topic, through
 * the validator, and comes out of the validated topic equal in every field.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EventRoundTripTest {

    @Test
    void everyDomainRoundTripsThroughKafkaAndTheRegistry() throws Exception {
        List<SampleEvents.Keyed> sent = SampleEvents.oneOfEach();
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            for (SampleEvents.Keyed event : sent) {
                producer.send(new ProducerRecord<>(event.domain().rawTopic(), event.key(), event.event()))
                        .get();
            }
        }
        for (SampleEvents.Keyed event : sent) {
            List<ConsumerRecord<String, SpecificRecord>> received = KafkaTestClients.readUntil(
                    event.domain().validTopic(),
                    KafkaTestClients.avroDeserializer(),
                    records -> find(records, event.eventId()) != null,
                    Duration.ofSeconds(60));
            ConsumerRecord<String, SpecificRecord> match = find(received, event.eventId());
            assertThat(match)
                    .as(
                            "%s event %s on %s",
                            event.domain(), event.eventId(), event.domain().validTopic())
                    .isNotNull();
            assertThat(match.key()).as("key of the %s event", event.domain()).isEqualTo(event.key());
            assertThat(match.value())
                    .as("every field of the %s event", event.domain())
                    .isEqualTo(event.event());
            assertThat(match.value().getClass()).isEqualTo(event.event().getClass());
        }
    }

    private static ConsumerRecord<String, SpecificRecord> find(
            List<ConsumerRecord<String, SpecificRecord>> records, String eventId) {
        return records.stream()
                .filter(r -> eventId.equals(String.valueOf(
                        r.value().get(r.value().getSchema().getField("event_id").pos()))))
                .findFirst()
                .orElse(null);
    }
}
