package dev.lakehouse.validation;

import static dev.lakehouse.events.SampleEvents.eur;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.rules.Rule;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Every reason code, decode-level and validator-only, with a record that passes and a record
 * that fails with exactly that code, through the real router, decoder and registry. Records
 * are built in memory and routed directly, so each verdict is the router's alone.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class RejectReasonsTest {

    /** A raw record as the validator would poll it. */
    private record Raw(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        Raw(String topic, byte[] key, byte[] value) {
            this(topic, key, value, new RecordHeaders());
        }
    }

    /** One row of the table: a record that must pass, and one that must fail with {@code code}. */
    private record Case(String code, Raw passing, Raw failing) {}

    private static final Clock CLOCK = Clock.systemUTC();
    private final EventDecoder decoder =
            new EventDecoder(new SchemaRegistryLookup(LocalStackResource.REGISTRY_CCOMPAT));

    @Test
    void everyReasonCodeHasAPassingAndAFailingRecord() throws Exception {
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        CatalogState catalog = new CatalogState();
        samples.subList(0, 2).forEach(s -> catalog.apply((CatalogEvent) s.event()));
        SampleEvents.Keyed orderSample = SampleEvents.first(samples, Domain.ORDERS);
        SampleEvents.Keyed clickSample = SampleEvents.first(samples, Domain.CLICKSTREAM);
        OrderEvent order = (OrderEvent) orderSample.event();
        ClickstreamEvent click = (ClickstreamEvent) clickSample.event();
        String orders = Domain.ORDERS.rawTopic();
        String clicks = Domain.CLICKSTREAM.rawTopic();
        byte[] key = bytes(orderSample.key());
        byte[] genuine = frame(orders, order);
        Raw good = new Raw(orders, key, genuine);

        // A schema under a subject no topic of ours has: its id is known to the registry.
        int foreignId = new SchemaRegistryLookup(LocalStackResource.REGISTRY_CCOMPAT)
                .register(
                        "foreign-thing-value",
                        "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"com.example.foreign\","
                                + "\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}");

        byte[] cartValue = frame(clicks, click);
        // unit price 19.99 EUR as Avro writes it: bytes of length 2 (0x07CF = 1999), then "EUR".
        byte[] price = {4, 0x07, (byte) 0xCF, 6, 'E', 'U', 'R'};
        byte[] widePrice = splice(cartValue, price, amount(new BigDecimal("1234567890123.45")));
        byte[] widestThatFits = splice(cartValue, price, amount(new BigDecimal("9999999999.99")));

        byte[] utf8Marked =
                frame(orders, OrderEvent.newBuilder(order).setOrderId("o-QQ").build());
        byte[] notUtf8 = splice(utf8Marked, bytes("o-QQ"), new byte[] {'o', '-', (byte) 0xC3, (byte) 0x28});
        byte[] utf8Good = splice(utf8Marked, bytes("o-QQ"), bytes("o-Ä")); // 4 bytes too

        byte[] huge = new byte[1_000_001];
        System.arraycopy(genuine, 0, huge, 0, genuine.length);
        RecordHeaders bigHeaders = new RecordHeaders();
        bigHeaders.add("padding", new byte[999_000 - genuine.length]); // + value + 4,096 allowance > 1,000,000

        List<Case> table = List.of(
                new Case("TOMBSTONE", good, new Raw(orders, key, null)),
                new Case("EMPTY_VALUE", good, new Raw(orders, key, new byte[0])),
                new Case("NOT_AVRO", good, new Raw(orders, key, bytes("{\"json\": true}"))),
                new Case("UNKNOWN_SCHEMA_ID", good, new Raw(orders, key, reframe(genuine, 424_242))),
                new Case(
                        "SCHEMA_MISMATCH",
                        new Raw(clicks, bytes(clickSample.key()), cartValue),
                        new Raw(orders, key, cartValue)),
                new Case("TRUNCATED", good, new Raw(orders, key, Arrays.copyOf(genuine, 5))),
                new Case(
                        "LENGTH_BEYOND_RECORD",
                        good,
                        new Raw(orders, key, concat(Arrays.copyOf(genuine, 5), new byte[] {
                            (byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a', 'b'
                        }))),
                new Case("INVALID_AVRO", good, new Raw(orders, key, concat(genuine, new byte[] {0}))),
                new Case("INVALID_UTF8", new Raw(orders, key, utf8Good), new Raw(orders, key, notUtf8)),
                new Case(
                        "EVENT_TIME_OUT_OF_RANGE",
                        good,
                        new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setEventTime(Instant.ofEpochMilli(
                                                        order.getEventTime().toEpochMilli() * 1_000_000))
                                                .build()))),
                new Case(
                        "MONEY_OUT_OF_CONTRACT",
                        new Raw(clicks, bytes(clickSample.key()), widestThatFits),
                        new Raw(clicks, bytes(clickSample.key()), widePrice)),
                new Case(
                        "INTERNAL_ERROR",
                        good,
                        new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setOrderId("o-boom")
                                                .build()))),
                new Case("MISSING_KEY", good, new Raw(orders, null, genuine)),
                new Case("RECORD_TOO_LARGE", good, new Raw(orders, key, huge)),
                new Case("UNKNOWN_TOPIC", good, new Raw("commerce.nothing.raw", key, genuine)),
                new Case(
                        "REQUIRED_FIELD_MISSING",
                        good,
                        new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setCustomerId("")
                                                .build()))),
                new Case(
                        "NEGATIVE_AMOUNT",
                        good,
                        new Raw(
                                clicks,
                                bytes(clickSample.key()),
                                frame(
                                        clicks,
                                        ClickstreamEvent.newBuilder(click)
                                                .setPayload(CartItemAdded.newBuilder((CartItemAdded) click.getPayload())
                                                        .setUnitPrice(eur("-1.00"))
                                                        .build())
                                                .build()))),
                new Case(
                        "INVALID_CURRENCY",
                        good,
                        new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        placed(
                                                order,
                                                p -> p.setTax(Money.newBuilder()
                                                        .setAmount(new BigDecimal("8.55"))
                                                        .setCurrency("XXY")
                                                        .build()))))),
                new Case("INVALID_QUANTITY", good, new Raw(orders, key, frame(orders, placed(order, p -> {
                    List<OrderLine> lines = new ArrayList<>(p.getLines());
                    lines.set(
                            1,
                            OrderLine.newBuilder(lines.get(1))
                                    .setQuantity(0)
                                    .setLineTotal(eur("0.00"))
                                    .build());
                    p.setLines(lines);
                })))),
                new Case(
                        "ORDER_TOTAL_MISMATCH",
                        good,
                        new Raw(orders, key, frame(orders, placed(order, p -> p.setTotal(eur("1.00")))))),
                new Case(
                        "EVENT_IN_FUTURE",
                        good,
                        new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setEventTime(Instant.now().plus(Duration.ofDays(2)))
                                                .build()))),
                new Case(
                        "UNKNOWN_PRODUCT",
                        new Raw(clicks, bytes(clickSample.key()), cartValue),
                        new Raw(
                                clicks,
                                bytes(clickSample.key()),
                                frame(
                                        clicks,
                                        ClickstreamEvent.newBuilder(click)
                                                .setPayload(CartItemAdded.newBuilder((CartItemAdded) click.getPayload())
                                                        .setProductId("p-never-created")
                                                        .build())
                                                .build()))));

        Set<String> covered = new HashSet<>();
        for (Case c : table) {
            RecordRouter.Routed pass = router(catalog).route(consumed(c.passing()));
            assertThat(pass.reasonCode()).as("passing record of %s", c.code()).isNull();
            assertThat(pass.record().topic()).endsWith(".valid");

            RecordRouter.Routed fail = router(catalog).route(consumed(c.failing()));
            assertThat(fail.reasonCode()).as("failing record of %s", c.code()).isEqualTo(c.code());
            assertThat(fail.record().topic()).isEqualTo(Domain.DEAD_LETTER_TOPIC);
            assertThat(header(fail, DeadLetterHeaders.REASON_CODE)).isEqualTo(c.code());
            assertThat(header(fail, DeadLetterHeaders.REASON)).isNotBlank().doesNotContain("\n");
            assertThat(header(fail, DeadLetterHeaders.SOURCE_TOPIC))
                    .isEqualTo(c.failing().topic());
            covered.add(c.code());
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(covered).as("a row for every shared reason code").contains(reason.name());
        }

        // A foreign subject's schema id is a schema mismatch too, not "not Avro".
        RecordRouter.Routed foreign = router(catalog)
                .route(consumed(new Raw(
                        orders,
                        key,
                        concat(
                                ByteBuffer.allocate(5)
                                        .put((byte) 0)
                                        .putInt(foreignId)
                                        .array(),
                                new byte[] {4, 'h', 'i'}))));
        assertThat(foreign.reasonCode()).isEqualTo("SCHEMA_MISMATCH");

        // Whole seconds pass; seconds sent as millis land in 1970, out of range.
        assertThat(router(catalog)
                        .route(consumed(new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setEventTime(Instant.ofEpochSecond(
                                                        order.getEventTime().getEpochSecond()))
                                                .build()))))
                        .reasonCode())
                .isNull();
        assertThat(router(catalog)
                        .route(consumed(new Raw(
                                orders,
                                key,
                                frame(
                                        orders,
                                        OrderEvent.newBuilder(order)
                                                .setEventTime(Instant.ofEpochMilli(
                                                        order.getEventTime().getEpochSecond()))
                                                .build()))))
                        .reasonCode())
                .as("seconds sent as millis: 1970")
                .isEqualTo("EVENT_TIME_OUT_OF_RANGE");

        // A too-large record is a pointer: same key, no value, where the payload stays.
        RecordRouter.Routed pointer = router(catalog).route(consumed(new Raw(orders, key, huge)));
        assertThat(pointer.record().value()).isNull();
        assertThat(pointer.record().key()).isEqualTo(key);
        assertThat(header(pointer, DeadLetterHeaders.PAYLOAD_LOCATION)).isEqualTo("kafka:" + orders + "/0/42");
        // Headers count: a genuine value that would grow past the limit with its headers is too large too.
        RecordRouter.Routed withHeaders = router(catalog).route(consumed(new Raw(orders, key, genuine, bigHeaders)));
        assertThat(withHeaders.reasonCode()).isEqualTo("RECORD_TOO_LARGE");
        assertThat(router(catalog)
                        .route(consumed(new Raw(orders, new byte[0], genuine)))
                        .reasonCode())
                .as("empty key")
                .isEqualTo("MISSING_KEY");

        // DUPLICATE: the same event twice through one router is dropped, never dead-lettered.
        RecordRouter once = router(catalog);
        assertThat(once.route(consumed(good)).valid()).isTrue();
        RecordRouter.Routed again = once.route(consumed(good));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.record()).isNull();
    }

    @Test
    void aStackOverflowInARuleIsThatRecordsInternalError() throws Exception {
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        SampleEvents.Keyed order = SampleEvents.first(samples, Domain.ORDERS);
        Rule overflow = new Rule() {
            @Override
            public String code() {
                return "NEVER";
            }

            @Override
            public Optional<String> check(Domain domain, SpecificRecord event) {
                throw new StackOverflowError();
            }
        };
        RecordRouter router = new RecordRouter(
                decoder, List.of(overflow), new DuplicateFilter(Duration.ofHours(1), 100), CLOCK, OpenTelemetry.noop());
        RecordRouter.Routed routed = router.route(consumed(
                new Raw(Domain.ORDERS.rawTopic(), bytes(order.key()), frame(Domain.ORDERS.rawTopic(), order.event()))));
        assertThat(routed.reasonCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(header(routed, DeadLetterHeaders.REASON)).contains("StackOverflowError");
    }

    /** Today's rules, plus one that breaks on order "o-boom" the way a bug would. */
    private RecordRouter router(CatalogState catalog) {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule() {
            @Override
            public String code() {
                return "NEVER";
            }

            @Override
            public Optional<String> check(Domain domain, SpecificRecord event) {
                if (event instanceof OrderEvent o && o.getOrderId().equals("o-boom")) {
                    throw new IllegalStateException("a rule's bug\nover two lines");
                }
                return Optional.empty();
            }
        });
        rules.addAll(RuleSet.all(catalog, CLOCK, Duration.ofMinutes(5)));
        return new RecordRouter(
                decoder, rules, new DuplicateFilter(Duration.ofHours(1), 1000), CLOCK, OpenTelemetry.noop());
    }

    private static ConsumerRecord<byte[], byte[]> consumed(Raw raw) {
        return new ConsumerRecord<>(
                raw.topic(),
                0,
                42L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                raw.key(),
                raw.value(),
                raw.headers(),
                Optional.empty());
    }

    private static byte[] frame(String topic, SpecificRecord event) {
        SpecificRecordBase copy = (SpecificRecordBase) event;
        if (copy.getSchema().getField("event_id") != null) {
            copy.put("event_id", UUID.randomUUID().toString());
        }
        return KafkaTestClients.avroSerializer().serialize(topic, copy);
    }

    private static OrderEvent placed(OrderEvent order, Consumer<OrderPlaced.Builder> change) {
        OrderPlaced.Builder builder = OrderPlaced.newBuilder((OrderPlaced) order.getPayload());
        change.accept(builder);
        return OrderEvent.newBuilder(order).setPayload(builder.build()).build();
    }

    /** Money as Avro writes it: the unscaled value's bytes with their zig-zag length, then "EUR". */
    private static byte[] amount(BigDecimal value) {
        byte[] unscaled = value.setScale(2).unscaledValue().toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(unscaled.length * 2); // lengths below 64 fit one varint byte
        out.writeBytes(unscaled);
        out.writeBytes(new byte[] {6, 'E', 'U', 'R'});
        return out.toByteArray();
    }

    private static byte[] reframe(byte[] value, int schemaId) {
        byte[] copy = value.clone();
        ByteBuffer.wrap(copy).putInt(1, schemaId);
        return copy;
    }

    /** The bytes with the one occurrence of {@code find} replaced. */
    private static byte[] splice(byte[] bytes, byte[] find, byte[] replacement) {
        int at = -1;
        for (int i = 0; i + find.length <= bytes.length && at < 0; i++) {
            if (Arrays.equals(bytes, i, i + find.length, find, 0, find.length)) {
                at = i;
            }
        }
        assertThat(at).as("pattern found").isNotNegative();
        return concat(
                concat(Arrays.copyOf(bytes, at), replacement),
                Arrays.copyOfRange(bytes, at + find.length, bytes.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static String header(RecordRouter.Routed routed, String name) {
        var header = routed.record().headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
