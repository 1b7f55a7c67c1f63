package dev.lakehouse.validation.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.DeadLetterHeaders;
import dev.lakehouse.validation.RecordRouter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** An order rejected for an unknown product passes once the product exists, and replay brings it through. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReplayTest {

    @Inject
    Replays replays;

    @Test
    void aDeadLetterThatPassesTodaysRulesIsReplayedExactlyWhenNotADryRun() throws Exception {
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        String late = "p-late-" + UUID.randomUUID();
        OrderEvent template =
                (OrderEvent) SampleEvents.first(samples, Domain.ORDERS).event();
        OrderPlaced placed = (OrderPlaced) template.getPayload();
        OrderLine first = placed.getLines().get(0);
        OrderEvent order = OrderEvent.newBuilder(template)
                .setEventId(UUID.randomUUID().toString())
                .setPayload(OrderPlaced.newBuilder(placed)
                        .setLines(List.of(
                                OrderLine.newBuilder(first).setProductId(late).build(),
                                placed.getLines().get(1)))
                        .build())
                .build();
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            for (SampleEvents.Keyed sample : samples.subList(0, 2)) {
                producer.send(new ProducerRecord<>(Domain.CATALOG.rawTopic(), sample.key(), sample.event()))
                        .get();
            }
            producer.send(new ProducerRecord<>(Domain.ORDERS.rawTopic(), order.getCustomerId(), order))
                    .get();
        }
        KafkaTestClients.readRawUntil(
                Domain.DEAD_LETTER_TOPIC,
                records -> records.stream().anyMatch(r -> isOurs(r, order)),
                Duration.ofSeconds(60));
        int passingBefore =
                replays.run(true, Optional.of("UNKNOWN_PRODUCT")).wouldPass().getOrDefault("UNKNOWN_PRODUCT", 0);

        CatalogEvent created =
                SampleEvents.productCreated(late, "19.99", order.getEventTime().minusSeconds(60));
        try (KafkaProducer<String, SpecificRecord> producer = KafkaTestClients.avroProducer()) {
            producer.send(new ProducerRecord<>(Domain.CATALOG.rawTopic(), late, created))
                    .get();
        }
        DeadLetterReplayer.Report dry = replays.run(true, Optional.of("UNKNOWN_PRODUCT"));
        assertThat(dry.wouldPass().getOrDefault("UNKNOWN_PRODUCT", 0))
                .as("the order passes now")
                .isEqualTo(passingBefore + 1);
        assertThat(dry.replayed()).as("a dry run sends nothing").isZero();

        DeadLetterReplayer.Report real = replays.run(false, Optional.of("UNKNOWN_PRODUCT"));
        assertThat(real.replayed()).isEqualTo(passingBefore + 1);
        List<ConsumerRecord<String, byte[]>> valid = KafkaTestClients.readRawUntil(
                Domain.ORDERS.validTopic(),
                records -> records.stream().anyMatch(r -> order.getEventId().equals(eventId(r))),
                Duration.ofSeconds(60));
        assertThat(valid)
                .as("the replayed order, validated once")
                .filteredOn(r -> order.getEventId().equals(eventId(r)))
                .hasSize(1);
    }

    private static boolean isOurs(ConsumerRecord<String, byte[]> record, OrderEvent order) {
        var reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
        return order.getCustomerId().equals(record.key())
                && reason != null
                && new String(reason.value(), StandardCharsets.UTF_8).contains("p-late-");
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(RecordRouter.EVENT_ID_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
