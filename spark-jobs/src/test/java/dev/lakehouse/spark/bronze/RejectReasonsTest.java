package dev.lakehouse.spark.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.Expected;
import dev.lakehouse.spark.support.GenericEvents;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record can only fail itself: per reason code bronze can give, a failing record lands in
 * {@code bronze.quarantine} with that code (raw bytes kept), while the genuine records of the same run land in
 * {@code bronze.events}; silver's quarantine rows carry the code too, and money wider than the contract never
 * becomes a NULL in silver. One stream run (bronze + silver) over all the records keeps it quick.
 */
@ExtendWith(LocalStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectReasonsTest {
    @TempDir
    static Path dir;

    Lakehouse lake;
    final List<TestEvent> genuine = new ArrayList<>();
    final List<String> passingEdgeIds = new ArrayList<>();
    /** Kafka coordinates -> expected reason code, per stream. */
    final Map<String, String> bronzeExpected = new TreeMap<>();

    final Map<String, String> silverExpected = new TreeMap<>();
    final Map<String, byte[]> sentBytes = new LinkedHashMap<>();

    private record Case(String topic, String code, byte[] value) {}

    @BeforeAll
    void runOverEveryClassOfBadInput() throws Exception {
        String prefix = Topics.createFresh("reasons", 1);
        lake = new Lakehouse(dir, prefix, Map.of());
        Scenario s = new Scenario(1313).shopDay(2, Scenario.T0);
        s.placeOrder(Scenario.T0.plusSeconds(30), "c1", "s-genuine", "EUR", 2, 1); // placed + paid
        String orders = Domain.ORDERS.rawTopic(prefix);
        String clicks = Domain.CLICKSTREAM.rawTopic(prefix);
        Schema ordersSchema = ReaderSchemas.of(Domain.ORDERS);
        Schema clicksSchema = ReaderSchemas.of(Domain.CLICKSTREAM);
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : List.copyOf(s.events())) {
                producer.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                genuine.add(e);
            }
            producer.flush();

            int ordersId = producer.register(orders, ordersSchema);
            int clicksId = producer.register(clicks, clicksSchema);
            TestEvent order = genuine.stream()
                    .filter(e -> e.domain() == Domain.ORDERS)
                    .findFirst()
                    .orElseThrow();
            byte[] good = EventProducer.frame(ordersId, order.record(), ordersSchema);

            Schema foreign = new Schema.Parser()
                    .parse("{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"com.other\","
                            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
            int foreignId = producer.register("foreign-" + prefix, foreign);
            Schema wideMoneyWriter = new Schema.Parser()
                    .parse(ordersSchema
                            .toString()
                            .replace("\"precision\":12,\"scale\":2", "\"precision\":14,\"scale\":4"));
            assertThat(wideMoneyWriter.toString()).contains("\"precision\":14");
            int wideMoneyId = producer.register(orders, wideMoneyWriter);

            byte[] unknownId = good.clone();
            unknownId[1] = 0x7f;
            unknownId[2] = (byte) 0xff;
            unknownId[3] = (byte) 0xff;
            byte[] otherTopicsId = good.clone();
            ByteBuffer.wrap(otherTopicsId, 1, 4).putInt(clicksId);
            byte[] foreignSubject = good.clone();
            ByteBuffer.wrap(foreignSubject, 1, 4).putInt(foreignId);
            // frame + event_id (1-byte length 72 = 36 chars, then the chars): the body stops where event_time starts.
            assertThat(good[5]).isEqualTo((byte) 72);
            byte[] truncated = Arrays.copyOf(good, 5 + 1 + 36);
            byte[] hugeString = concat(Arrays.copyOf(good, 5), zigZagVarint(2_000_000_000L)); // 10 bytes declaring 2 GB
            byte[] trailing = concat(good, new byte[] {1, 2, 3});
            byte[] badUtf8 = good.clone();
            badUtf8[6] = (byte) 0xc3; // a two-byte lead followed by no continuation byte
            badUtf8[7] = (byte) 0x28;

            TestEvent nanos = s.click(Instant.ofEpochMilli(Scenario.T0.toEpochMilli() * 1_000_000L), "s-ns", "p1");
            TestEvent farPast = s.click(Instant.parse("1999-12-31T23:59:59.999Z"), "s-past", "p1");
            TestEvent farFuture = s.click(Instant.parse("2100-01-01T00:00:00Z"), "s-future", "p1");
            TestEvent firstMoment = s.click(Instant.parse("2000-01-01T00:00:00Z"), "s-edge", "p1");
            TestEvent lastMoment = s.click(Instant.parse("2099-12-31T23:59:59.999Z"), "s-edge2", "p1");
            passingEdgeIds.addAll(List.of(firstMoment.eventId(), lastMoment.eventId()));
            TestEvent wideMoney = s.placeOrder(Scenario.T0.plusSeconds(60), "c1", "s-wide", "EUR", 1, 1);
            ((GenericRecord) wideMoney.record().get("payload"))
                    .put(
                            "total",
                            GenericEvents.money(
                                    Domain.ORDERS, "1234567890123.45", "EUR")); // 15 digits, the contract has 12
            byte[] wideMoneyBytes = EventProducer.frame(ordersId, wideMoney.record(), ordersSchema);
            byte[] wideScaleBytes = EventProducer.frame(wideMoneyId, order.record(), wideMoneyWriter);

            List<Case> cases = List.of(
                    new Case(orders, "TOMBSTONE", null),
                    new Case(orders, "EMPTY_VALUE", new byte[0]),
                    new Case(orders, "NOT_AVRO", "not avro at all".getBytes(StandardCharsets.UTF_8)),
                    new Case(orders, "NOT_AVRO", new byte[] {0, 0, 1}),
                    new Case(orders, "UNKNOWN_SCHEMA_ID", unknownId),
                    new Case(orders, "SCHEMA_MISMATCH", otherTopicsId),
                    new Case(orders, "SCHEMA_MISMATCH", foreignSubject),
                    new Case(orders, "TRUNCATED", truncated),
                    new Case(orders, "LENGTH_BEYOND_RECORD", hugeString),
                    new Case(orders, "INVALID_AVRO", trailing),
                    new Case(orders, "INVALID_UTF8", badUtf8),
                    new Case(
                            clicks,
                            "EVENT_TIME_OUT_OF_RANGE",
                            EventProducer.frame(clicksId, nanos.record(), clicksSchema)),
                    new Case(
                            clicks,
                            "EVENT_TIME_OUT_OF_RANGE",
                            EventProducer.frame(clicksId, farPast.record(), clicksSchema)),
                    new Case(
                            clicks,
                            "EVENT_TIME_OUT_OF_RANGE",
                            EventProducer.frame(clicksId, farFuture.record(), clicksSchema)),
                    new Case(clicks, null, EventProducer.frame(clicksId, firstMoment.record(), clicksSchema)),
                    new Case(clicks, null, EventProducer.frame(clicksId, lastMoment.record(), clicksSchema)),
                    new Case(orders, "MONEY_OUT_OF_CONTRACT", wideMoneyBytes),
                    new Case(orders, "MONEY_OUT_OF_CONTRACT", wideScaleBytes),
                    // silver meets the same classes on the validated topics
                    new Case(Domain.ORDERS.validTopic(prefix), "NOT_AVRO", "garbage".getBytes(StandardCharsets.UTF_8)),
                    new Case(Domain.ORDERS.validTopic(prefix), "MONEY_OUT_OF_CONTRACT", wideMoneyBytes),
                    new Case(Domain.ORDERS.validTopic(prefix), "MONEY_OUT_OF_CONTRACT", wideScaleBytes),
                    new Case(
                            Domain.CLICKSTREAM.validTopic(prefix),
                            "EVENT_TIME_OUT_OF_RANGE",
                            EventProducer.frame(clicksId, nanos.record(), clicksSchema)));
            for (Case c : cases) {
                producer.sendRaw(c.topic(), "k", c.value());
            }
            List<RecordMetadata> meta = producer.flush();
            for (int i = 0; i < cases.size(); i++) {
                String at = meta.get(i).topic() + "/" + meta.get(i).partition() + "/"
                        + meta.get(i).offset();
                if (cases.get(i).code() != null) {
                    (cases.get(i).topic().endsWith(".raw") ? bronzeExpected : silverExpected)
                            .put(at, cases.get(i).code());
                    sentBytes.put(at, cases.get(i).value());
                }
            }
        }
        lake.runToCompletion(lake.config, List.of(StreamJob.Layer.BRONZE, StreamJob.Layer.SILVER));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] zigZagVarint(long n) {
        long z = (n << 1) ^ (n >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((z & ~0x7fL) != 0) {
            out.write((int) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    private Map<String, String> quarantined(String sourceQuery) {
        Map<String, String> out = new TreeMap<>();
        for (Row r : lake.spark
                .sql("SELECT topic, kafka_partition, kafka_offset, reason_code FROM lake." + LakeTables.QUARANTINE
                        + " WHERE source_query = '" + sourceQuery + "'")
                .collectAsList()) {
            out.put(r.getString(0) + "/" + r.getInt(1) + "/" + r.getLong(2), r.getString(3));
        }
        return out;
    }

    @Test
    void eachBadRecordIsInBronzeQuarantineOnceWithItsReasonCode() {
        lake.table(LakeTables.QUARANTINE);
        assertThat(quarantined("bronze"))
                .as("bronze quarantine: coordinates -> reason code")
                .isEqualTo(bronzeExpected);
        assertThat(lake.spark
                        .sql("SELECT count(*) FROM lake." + LakeTables.QUARANTINE + " WHERE source_query = 'bronze'")
                        .first()
                        .getLong(0))
                .as("one row per bad record")
                .isEqualTo(bronzeExpected.size());
        for (Row r : lake.spark
                .sql("SELECT topic, kafka_partition, kafka_offset, raw_value, error FROM lake." + LakeTables.QUARANTINE)
                .collectAsList()) {
            String at = r.getString(0) + "/" + r.getInt(1) + "/" + r.getLong(2);
            assertThat((byte[]) r.get(3)).as("raw bytes of " + at).isEqualTo(sentBytes.get(at));
            assertThat(r.getString(4)).as("error of " + at).isNotBlank();
        }
    }

    @Test
    void genuineRecordsAndTheEdgesOfTheTimeWindowLandInBronzeEvents() {
        List<String> expected =
                new ArrayList<>(genuine.stream().map(TestEvent::eventId).toList());
        expected.addAll(passingEdgeIds);
        assertThat(Expected.counts(lake.strings("SELECT event_id FROM lake." + LakeTables.BRONZE_EVENTS)))
                .isEqualTo(Expected.counts(expected));
    }

    @Test
    void silverQuarantinesWithTheCodeAndNeverStoresANullAmount() {
        assertThat(quarantined("silver"))
                .as("silver quarantine: coordinates -> reason code")
                .isEqualTo(silverExpected);
        assertThat(lake.strings("SELECT event_id FROM lake." + LakeTables.SILVER_ORDERS))
                .containsExactlyInAnyOrderElementsOf(genuine.stream()
                        .filter(e -> e.domain() == Domain.ORDERS)
                        .map(TestEvent::eventId)
                        .toList());
        assertThat(lake.spark
                        .sql("SELECT count(*) FROM lake." + LakeTables.SILVER_ORDERS
                                + " WHERE event_type = 'OrderPlaced' AND total IS NULL")
                        .first()
                        .getLong(0))
                .isZero();
    }

    @Test
    void anExistingQuarantineTableGetsTheReasonCodeColumnAtStart() {
        String q = "lake." + LakeTables.QUARANTINE;
        Lakehouse old = new Lakehouse(dir.resolve("old-lake"), lake.topicPrefix, Map.of());
        old.spark.sql("ALTER TABLE " + q + " DROP COLUMN reason_code"); // the table as it was before this column
        old.spark.sql("INSERT INTO " + q + " VALUES ('t', 0, 1, NULL, NULL, NULL, NULL, 'old error', 'bronze', "
                + "current_timestamp())");
        List<String> changes = TableDefinitions.apply(old.spark, LakeTables.all());
        assertThat(changes).contains("added column lake.bronze.quarantine.reason_code STRING");
        assertThat(old.strings("SELECT coalesce(reason_code, 'null') FROM " + q))
                .containsExactly("null");
        assertThat(TableDefinitions.apply(old.spark, LakeTables.all()))
                .as("re-applying is a no-op")
                .isEmpty();
    }
}
