package dev.lakehouse.validation;

import static dev.lakehouse.events.SampleEvents.eur;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The validator against the real stack: every rule's failure lands on the dead-letter topic with
 * its reason, and over a mixed input nothing is lost or counted twice:
 * validated + dead-lettered + dropped duplicates = sent, by event id and by key.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ValidatorTest {

    @Inject
    MeterRegistry meters;

    /** A broken copy of a good sample, and the reason code the validator must give it. */
    private record Broken(String reasonCode, Domain domain, Function<List<SampleEvents.Keyed>, SpecificRecord> make) {}

    private static final List<Broken> BROKEN = List.of(
            new Broken(
                    "REQUIRED_FIELD_MISSING",
                    Domain.ORDERS,
                    s -> OrderEvent.newBuilder(order(s)).setCustomerId("").build()),
            new Broken(
                    "NEGATIVE_AMOUNT",
                    Domain.CLICKSTREAM,
                    s -> ClickstreamEvent.newBuilder(click(s))
                            .setPayload(CartItemAdded.newBuilder((CartItemAdded) click(s).getPayload())
                                    .setUnitPrice(eur("-1.00"))
                                    .build())
                            .build()),
            new Broken(
                    "INVALID_CURRENCY",
                    Domain.ORDERS,
                    s -> placed(
                            s,
                            p -> p.setTax(Money.newBuilder()
                                    .setAmount(new BigDecimal("8.55"))
                                    .setCurrency("XXY")
                                    .build()))),
            new Broken(
                    "INVALID_QUANTITY",
                    Domain.ORDERS,
                    s -> placed(s, p -> {
                        List<OrderLine> lines = new ArrayList<>(p.getLines());
                        lines.set(
                                1,
                                OrderLine.newBuilder(lines.get(1))
                                        .setQuantity(0)
                                        .setLineTotal(eur("0.00"))
                                        .build());
                        p.setLines(lines);
                    })),
            new Broken("ORDER_TOTAL_MISMATCH", Domain.ORDERS, s -> placed(s, p -> p.setTotal(eur("1.00")))),
            new Broken(
                    "EVENT_IN_FUTURE",
                    Domain.ORDERS,
                    s -> OrderEvent.newBuilder(order(s))
                            .setEventTime(Instant.now().plus(Duration.ofDays(2)))
                            .build()),
            new Broken(
                    "UNKNOWN_PRODUCT",
                    Domain.CLICKSTREAM,
                    s -> ClickstreamEvent.newBuilder(click(s))
                            .setPayload(CartItemAdded.newBuilder((CartItemAdded) click(s).getPayload())
                                    .setProductId("p-never-created")
                                    .build())
                            .build()));

    @Test
    void everyRecordEndsUpValidatedDeadLetteredOrDroppedAsDuplicateExactlyOnce() throws Exception {
        double duplicatesBefore = duplicatesCounted();
        Set<String> goodIds = new HashSet<>();
        Map<String, String> expectedReasonByKey = new HashMap<>();
        List<SampleEvents.Keyed> resend = new ArrayList<>();
        Set<String> brokenIds = new HashSet<>();
        int sent = 0;

        try (KafkaProducer<String, SpecificRecord> avro = KafkaTestClients.avroProducer();
                KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            for (int round = 0; round < 6; round++) {
                List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
                for (SampleEvents.Keyed good : samples) {
                    avro.send(new ProducerRecord<>(good.domain().rawTopic(), good.key(), good.event()))
                            .get();
                    goodIds.add(good.eventId());
                    sent++;
                }
                resend.add(samples.get(2 + round % 5));
                for (Broken broken : BROKEN) {
                    String key = "bad-" + UUID.randomUUID();
                    SpecificRecordBase event =
                            (SpecificRecordBase) broken.make().apply(samples);
                    String brokenId = UUID.randomUUID().toString();
                    event.put("event_id", brokenId);
                    brokenIds.add(brokenId);
                    avro.send(new ProducerRecord<>(broken.domain().rawTopic(), key, event))
                            .get();
                    expectedReasonByKey.put(key, broken.reasonCode());
                    sent++;
                }
                String notAvro = "bad-" + UUID.randomUUID();
                raw.send(new ProducerRecord<>(Domain.INVENTORY.rawTopic(), bytes(notAvro), bytes("{\"json\": true}")))
                        .get();
                expectedReasonByKey.put(notAvro, "NOT_AVRO");
                String unknownId = "bad-" + UUID.randomUUID();
                raw.send(new ProducerRecord<>(
                                Domain.CUSTOMERS.rawTopic(),
                                bytes(unknownId),
                                ByteBuffer.allocate(9)
                                        .put((byte) 0)
                                        .putInt(424_242)
                                        .putInt(7)
                                        .array()))
                        .get();
                expectedReasonByKey.put(unknownId, "UNKNOWN_SCHEMA_ID");
                sent += 2;
            }
            for (SampleEvents.Keyed again : resend) {
                avro.send(new ProducerRecord<>(again.domain().rawTopic(), again.key(), again.event()))
                        .get();
                sent++;
            }
        }

        List<String> validTopics =
                Arrays.stream(Domain.values()).map(Domain::validTopic).toList();
        List<ConsumerRecord<String, byte[]>> validated = KafkaTestClients.readUntil(
                validTopics,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                records -> eventIds(records).containsAll(goodIds),
                Duration.ofSeconds(90));
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.readRawUntil(
                Domain.DEAD_LETTER_TOPIC,
                records -> records.stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet())
                        .containsAll(expectedReasonByKey.keySet()),
                Duration.ofSeconds(60));

        List<String> ourValidated =
                eventIdList(validated).stream().filter(goodIds::contains).toList();
        assertThat(ourValidated)
                .as("every good event validated exactly once")
                .hasSize(goodIds.size())
                .containsExactlyInAnyOrderElementsOf(goodIds);
        List<ConsumerRecord<String, byte[]>> ourDead = dead.stream()
                .filter(r -> expectedReasonByKey.containsKey(r.key()))
                .toList();
        assertThat(ourDead).as("every broken record dead-lettered exactly once").hasSize(expectedReasonByKey.size());
        for (ConsumerRecord<String, byte[]> record : ourDead) {
            assertThat(header(record, DeadLetterHeaders.REASON_CODE))
                    .as("reason of %s", record.key())
                    .isEqualTo(expectedReasonByKey.get(record.key()));
            assertThat(header(record, DeadLetterHeaders.REASON)).isNotBlank();
            assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).endsWith(".raw");
            assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        }
        assertThat(eventIds(validated)).as("no broken record validated").doesNotContainAnyElementsOf(brokenIds);

        await(() -> duplicatesCounted() - duplicatesBefore >= resend.size());
        double dropped = duplicatesCounted() - duplicatesBefore;
        assertThat(dropped).as("resent events dropped as duplicates").isEqualTo(resend.size());
        assertThat(ourValidated.size() + ourDead.size() + (int) dropped)
                .as("validated + dead letters + duplicates = sent")
                .isEqualTo(sent);
    }

    private double duplicatesCounted() {
        return meters.find("lakehouse.validator.records").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static OrderEvent order(List<SampleEvents.Keyed> samples) {
        return (OrderEvent) SampleEvents.first(samples, Domain.ORDERS).event();
    }

    private static ClickstreamEvent click(List<SampleEvents.Keyed> samples) {
        return (ClickstreamEvent)
                SampleEvents.first(samples, Domain.CLICKSTREAM).event();
    }

    private static OrderEvent placed(
            List<SampleEvents.Keyed> samples, java.util.function.Consumer<OrderPlaced.Builder> change) {
        OrderEvent order = order(samples);
        OrderPlaced.Builder builder = OrderPlaced.newBuilder((OrderPlaced) order.getPayload());
        change.accept(builder);
        return OrderEvent.newBuilder(order).setPayload(builder.build()).build();
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, byte[]>> records) {
        return new HashSet<>(eventIdList(records));
    }

    private static List<String> eventIdList(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(r -> header(r, RecordRouter.EVENT_ID_HEADER))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
