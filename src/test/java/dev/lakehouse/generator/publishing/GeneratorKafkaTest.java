package dev.lakehouse.generator.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.PersonalFields;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.faults.FaultInjector;
import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.run.GeneratorRun;
import dev.lakehouse.generator.run.GeneratorService;
import dev.lakehouse.generator.run.RunLimits;
import dev.lakehouse.generator.simulation.Simulation;
import dev.lakehouse.privacy.SubjectKeys;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generator against the real broker and registry, then reads back exactly what the
 * run appended to the raw topics (between the end offsets before and after) and reconciles it
 * with the ledger.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
public class GeneratorKafkaTest {

    static final Instant FROM = Instant.parse("2026-11-02T06:00:00Z");
    static final FaultRates FAULTS = new FaultRates(0.02, Duration.ofHours(2), 0.02, 0.02, 0.01, 0.01, 0.01);

    @Inject
    GeneratorService service;

    @Inject
    SubjectKeys subjectKeys;

    @TempDir
    Path dir;

    /** A record as read back: from the topic, decoded when it can be. */
    record Read(
            String topic, int partition, String key, String eventId, String type, SpecificRecord event, byte[] raw) {}

    @Test
    void theTopicsHoldExactlyWhatTheLedgerSays() {
        Map<TopicPartition, Long> before = endOffsets();
        GeneratorRun run = new GeneratorRun(
                GeneratorSettings.defaults(99, FROM).withFaults(FAULTS),
                RunLimits.records(20_000),
                service.newPublisher(),
                dir,
                null,
                Duration.ofSeconds(1));
        run.run();
        assertThat(run.state()).isEqualTo(GeneratorRun.State.FINISHED);
        List<Read> topic = readBetween(before, endOffsets());
        List<LedgerEntry> ledger = LedgerReader.entries(dir);

        assertThat(topic).as("records on the raw topics").hasSize(ledger.size()).hasSize(20_000);
        assertThat(countBy(
                        topic, r -> Domain.ofRawTopic(r.topic()).orElseThrow().id() + "/" + r.type()))
                .as("records per domain and type")
                .isEqualTo(countBy(ledger, LedgerEntry::qualifiedType));
        assertThat(countBy(topic, Read::eventId))
                .as("event ids, duplicates included")
                .isEqualTo(countBy(ledger, LedgerEntry::eventId));
        Map<String, String> keyOf =
                ledger.stream().collect(Collectors.toMap(LedgerEntry::eventId, LedgerEntry::key, (a, b) -> a));
        assertThat(topic)
                .as("every record keyed as the ledger says")
                .allMatch(r -> r.key().equals(keyOf.get(r.eventId())));

        BigDecimal topicPlaced = topic.stream()
                .filter(r -> r.event() instanceof OrderEvent o && o.getPayload() instanceof OrderPlaced)
                .map(r -> ((OrderPlaced) ((OrderEvent) r.event()).getPayload())
                        .getTotal()
                        .getAmount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal ledgerPlaced = ledger.stream()
                .filter(e -> e.type().equals("OrderPlaced"))
                .map(e -> new BigDecimal(e.amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(topicPlaced)
                .as("order totals on the topic vs in the ledger")
                .isEqualByComparingTo(ledgerPlaced)
                .isPositive();
        BigDecimal summaryPlaced = LedgerReader.summary(dir).revenuePerDay().values().stream()
                .map(d -> new BigDecimal(d.get("placed")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal genuinePlaced = ledger.stream()
                .filter(e -> e.type().equals("OrderPlaced") && e.isGenuine())
                .map(e -> new BigDecimal(e.amount()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(summaryPlaced)
                .as("summary revenue = genuine orders of the ledger")
                .isEqualByComparingTo(genuinePlaced);

        Map<String, Read> byId = new HashMap<>();
        topic.forEach(r -> byId.putIfAbsent(r.eventId(), r));
        for (LedgerEntry e : ledger) {
            Read r = byId.get(e.eventId());
            if (Fault.POISON_NOT_AVRO.name().equals(e.fault())) {
                assertThat(r.event())
                        .as("not-Avro poison %s decodes", e.eventId())
                        .isNull();
                assertThat(r.raw()[0]).isNotZero();
            } else if (Fault.POISON_UNKNOWN_SCHEMA.name().equals(e.fault())) {
                assertThat(r.event())
                        .as("unknown-schema poison %s decodes", e.eventId())
                        .isNull();
                assertThat(ByteBuffer.wrap(r.raw(), 1, 4).getInt())
                        .isGreaterThanOrEqualTo(FaultInjector.UNKNOWN_SCHEMA_ID_BASE);
            } else {
                assertThat(r.event())
                        .as("event %s decodes with its registered schema", e.eventId())
                        .isNotNull();
            }
        }
        assertThat(ledger.stream()
                        .filter(e -> e.fault() != null)
                        .map(LedgerEntry::fault)
                        .distinct())
                .as("every fault kind present in this run")
                .hasSize(Fault.values().length);
    }

    @Test
    void personalFieldsLeaveTheGeneratorSealedWithTheirSubjectsKey() {
        // The same seed without faults: the simulation says what each record held in clear.
        GeneratorSettings settings = GeneratorSettings.defaults(31, FROM);
        Simulation clear = new Simulation(settings);
        Map<String, Map<String, String>> personal = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            Emission e = clear.next();
            Map<String, String> values = new HashMap<>();
            collectPersonal(e.event(), values);
            personal.put(e.eventId(), values);
        }
        Map<TopicPartition, Long> before = endOffsets();
        new GeneratorRun(settings, RunLimits.records(5_000), service.newPublisher(), null, null, Duration.ofSeconds(1))
                .run();
        List<Read> topic = readBetween(before, endOffsets());
        DataKeys keys = subjectKeys.get();

        // A visit's context is shared by its events and sealed once, for the visitor who started it: a shopper who
        // logs in mid-visit carries it into events keyed by the customer (erasure shreds both keys; docs/privacy.md).
        Set<String> visitors = new HashSet<>();
        topic.stream()
                .filter(r -> r.event() instanceof ClickstreamEvent)
                .forEach(r -> visitors.add(((ClickstreamEvent) r.event()).getVisitorId()));
        Set<String> clearValues = new HashSet<>();
        int sealed = 0;
        for (Read r : topic) {
            Map<String, String> onTopic = new HashMap<>();
            collectPersonal(r.event(), onTopic);
            Map<String, String> expected = personal.get(r.eventId());
            assertThat(onTopic.keySet())
                    .as("personal fields of %s", r.eventId())
                    .isEqualTo(expected.keySet());
            for (var f : onTopic.entrySet()) {
                String subject = SealedValues.subject(f.getValue()).orElseThrow();
                assertThat(subject.equals(r.key()) || visitors.contains(subject))
                        .as("%s of %s is sealed for the record's key or its visitor", f.getKey(), r.eventId())
                        .isTrue();
                assertThat(keys.open(f.getValue())).contains(expected.get(f.getKey()));
                clearValues.add(expected.get(f.getKey()));
                sealed++;
            }
        }
        assertThat(sealed).as("personal values sent").isGreaterThan(1_000);
        assertThat(clearValues).anyMatch(v -> v.contains("@")).anyMatch(v -> v.matches("[0-9.]+"));
        // As Avro writes a string: its zig-zag length, then its bytes (a bare "Ada" turns up in any base64 by chance).
        List<String> encoded = clearValues.stream()
                .map(v -> (char) (v.getBytes(StandardCharsets.UTF_8).length * 2)
                        + new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .toList();
        for (Read r : topic) {
            String bytes = new String(r.raw(), StandardCharsets.ISO_8859_1);
            assertThat(encoded)
                    .as("clear personal values in the bytes of %s", r.eventId())
                    .noneMatch(bytes::contains);
        }
    }

    /** The personal fields of a record (and its nested records), by field path. */
    private static void collectPersonal(Object value, Map<String, String> out) {
        if (value instanceof IndexedRecord record) {
            for (Schema.Field f : record.getSchema().getFields()) {
                Object v = record.get(f.pos());
                if (v instanceof CharSequence text && PersonalFields.NAMES.contains(f.name())) {
                    out.put(record.getSchema().getName() + "." + f.name(), text.toString());
                } else {
                    collectPersonal(v, out);
                }
            }
        }
    }

    @Test
    void theSameSeedThroughKafkaGivesTheSameLedgerAndTheSamePartitionOrder() throws Exception {
        List<List<String>> orders = new ArrayList<>();
        List<Map<String, Long>> poison = new ArrayList<>();
        List<byte[]> ledgers = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            Map<TopicPartition, Long> before = endOffsets();
            new GeneratorRun(
                            GeneratorSettings.defaults(1234, FROM).withFaults(FAULTS),
                            RunLimits.records(5_000),
                            service.newPublisher(),
                            dir.resolve(name),
                            null,
                            Duration.ofSeconds(1))
                    .run();
            List<Read> read = readBetween(before, endOffsets());
            // Poison bytes go through a second producer, so only the events' order within a partition is fixed.
            orders.add(read.stream()
                    .filter(r -> r.event() != null)
                    .map(r -> r.topic() + "/" + r.partition() + "/" + r.eventId())
                    .toList());
            poison.add(countBy(
                    read.stream().filter(r -> r.event() == null).toList(),
                    r -> r.topic() + "/" + r.partition() + "/" + r.eventId()));
            ledgers.add(Files.readAllBytes(dir.resolve(name).resolve(Ledger.ENTRIES)));
        }
        assertThat(ledgers.get(1)).as("ledger of the second run").isEqualTo(ledgers.get(0));
        assertThat(orders.get(1))
                .as("events per partition, in order, of the second run")
                .isEqualTo(orders.get(0))
                .hasSizeGreaterThan(4_800);
        assertThat(poison.get(1))
                .as("poison records per partition of the second run")
                .isEqualTo(poison.get(0))
                .isNotEmpty();
    }

    @Test
    void theFramedSerializerWritesTheSameBytesAsApicurios() {
        Map<String, Object> config = Map.of(
                "apicurio.registry.url",
                LocalStackResource.REGISTRY_V3,
                "apicurio.registry.auto-register",
                false,
                "apicurio.registry.dereference-schema",
                true);
        var apicurio = new io.apicurio.registry.serde.avro.AvroKafkaSerializer<SpecificRecord>();
        apicurio.configure(config, false);
        var inner = new io.apicurio.registry.serde.avro.AvroKafkaSerializer<SpecificRecord>();
        var framed = new FramedAvroSerializer(inner);
        framed.configure(config, false);
        Simulation simulation = new Simulation(GeneratorSettings.defaults(3, FROM));
        Map<String, Long> compared = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            Emission e = simulation.next();
            String topic = e.domain().rawTopic();
            byte[] expected = apicurio.serialize(topic, e.event());
            byte[] actual = framed.serialize(topic, e.event());
            if (!java.util.Arrays.equals(expected, actual)) {
                throw new AssertionError("bytes differ for " + e);
            }
            compared.merge(topic, 1L, Long::sum);
        }
        assertThat(compared).as("records compared per topic").hasSize(Domain.values().length);
    }

    static <T> Map<String, Long> countBy(List<T> items, java.util.function.Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalStackResource.BOOTSTRAP,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "generator-test-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    public static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Domain d : Domain.values()) {
                consumer.partitionsFor(d.rawTopic())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            return consumer.endOffsets(partitions);
        }
    }

    /** Every record appended between two snapshots of end offsets, partition by partition in offset order. */
    static List<Read> readBetween(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Deserializer<SpecificRecord> avro = KafkaTestClients.avroDeserializer();
        List<Read> reads = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (TopicPartition tp : new TreeMap<>(to.entrySet().stream()
                            .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getKey)))
                    .values()) {
                long end = to.get(tp);
                long position = from.getOrDefault(tp, 0L);
                if (position >= end) {
                    continue;
                }
                consumer.assign(List.of(tp));
                consumer.seek(tp, position);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (position < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.offset() < end) {
                            reads.add(read(r, avro));
                        }
                        position = r.offset() + 1;
                    }
                }
                assertThat(position).as("read %s up to its end offset", tp).isGreaterThanOrEqualTo(end);
            }
        }
        return reads;
    }

    static Read read(ConsumerRecord<String, byte[]> r, Deserializer<SpecificRecord> avro) {
        SpecificRecord event = null;
        if (r.value().length > 5
                && r.value()[0] == 0
                && ByteBuffer.wrap(r.value(), 1, 4).getInt() < FaultInjector.UNKNOWN_SCHEMA_ID_BASE) {
            event = avro.deserialize(r.topic(), r.headers(), r.value());
        }
        if (event == null) {
            // Poison: the ledger knows it by its key.
            return new Read(
                    r.topic(),
                    r.partition(),
                    r.key(),
                    r.key(),
                    r.value()[0] == 0 ? "UnknownSchema" : "NotAvro",
                    null,
                    r.value());
        }
        SpecificRecord payload =
                (SpecificRecord) event.get(event.getSchema().getField("payload").pos());
        String id =
                String.valueOf(event.get(event.getSchema().getField("event_id").pos()));
        return new Read(
                r.topic(), r.partition(), r.key(), id, payload.getSchema().getName(), event, r.value());
    }
}
