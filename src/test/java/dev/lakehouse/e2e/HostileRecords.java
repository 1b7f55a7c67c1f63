package dev.lakehouse.e2e;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fuzz campaign's hostile records: mostly mutations of genuine records (registry-framed Avro taken from the
 * raw topics, or built with the generator), each of a class with the reason codes the pipeline may give it. A
 * bit-flip mutant is kept only if plain Avro ({@code GenericDatumReader} with the writer schema, trailing bytes
 * counted as an error) rejects it, so no mutant can pass for a genuine event; the discarded ones are counted.
 * Decodable mutants (event time, money, missing key, too large) get a fresh event id, so the duplicate filter
 * can never be what stops them.
 */
final class HostileRecords {

    static {
        // Plain Avro allocates a declared length before reading it (the 2 GB string); the campaign's own
        // check of a bit-flip mutant must not do that in the test's heap. Avro's limits make it throw instead.
        setIfAbsent("org.apache.avro.limits.string.maxLength", "2000000");
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", "2000000");
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", "1000000");
        try {
            Method reset = org.apache.avro.SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Limits read at class load then: set before Avro's first use, which is the usual case.
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static final int FRAME = 5;
    /** Schema ids no registry this project runs hands out (the generator's unknown-schema poison uses 0x7F000000 up). */
    static final int UNREGISTERED_ID_BASE = 0x7E000000;

    static final String CASE_HEADER = "lakehouse.fuzz.case";
    static final long SANE_FROM = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final long SANE_UNTIL = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
    /** A value past the validator's lakehouse.validator.max-forward-bytes (1,000,000), within the broker's 1 MiB. */
    static final int TOO_LARGE_PADDING = 1_010_000;

    private static final Set<String> BODY = Set.of(
            "TRUNCATED",
            "LENGTH_BEYOND_RECORD",
            "INVALID_AVRO",
            "INVALID_UTF8",
            "EVENT_TIME_OUT_OF_RANGE",
            "MONEY_OUT_OF_CONTRACT");

    /** Where bronze (Spark) must put a record of the class. */
    enum Bronze {
        /** Undecodable: in bronze.quarantine exactly once, with a reason code of the class. */
        QUARANTINE,
        /** Decodable but invalid: once in bronze, in bronze.events or (with a code of the class) in bronze.quarantine. */
        EITHER
    }

    /**
     * A class of hostile input, the reason codes the validator may give it (one, except where the mutation
     * lands at a random place of the body: a bit flip or a cut can meet any body check first) and where bronze
     * puts it.
     */
    enum Kind {
        BIT_FLIP(Bronze.QUARANTINE, BODY.toArray(String[]::new)),
        TRUNCATED(Bronze.QUARANTINE, "TRUNCATED", "LENGTH_BEYOND_RECORD"),
        INFLATED_LENGTH(Bronze.QUARANTINE, "LENGTH_BEYOND_RECORD"),
        OTHER_TOPIC_SCHEMA(Bronze.QUARANTINE, "SCHEMA_MISMATCH"),
        UNREGISTERED_SCHEMA_ID(Bronze.QUARANTINE, "UNKNOWN_SCHEMA_ID"),
        NOT_AVRO(Bronze.QUARANTINE, "NOT_AVRO"),
        EMPTY_VALUE(Bronze.QUARANTINE, "EMPTY_VALUE"),
        TOMBSTONE(Bronze.QUARANTINE, "TOMBSTONE"),
        INVALID_UTF8(Bronze.QUARANTINE, "INVALID_UTF8"),
        EVENT_TIME_SECONDS(Bronze.EITHER, "EVENT_TIME_OUT_OF_RANGE"),
        EVENT_TIME_NANOSECONDS(Bronze.EITHER, "EVENT_TIME_OUT_OF_RANGE"),
        EVENT_TIME_FAR_PAST(Bronze.EITHER, "EVENT_TIME_OUT_OF_RANGE"),
        EVENT_TIME_FAR_FUTURE(Bronze.EITHER, "EVENT_TIME_OUT_OF_RANGE"),
        MONEY_TOO_WIDE(Bronze.EITHER, "MONEY_OUT_OF_CONTRACT"),
        MISSING_KEY(Bronze.EITHER, "MISSING_KEY"),
        RECORD_TOO_LARGE(Bronze.EITHER, "RECORD_TOO_LARGE");

        final Bronze bronze;
        final Set<String> codes;

        /** Carries a fresh event id (re-encoded from a genuine record): that id must never reach silver. */
        boolean freshEventId() {
            return this == INVALID_UTF8
                    || this == MONEY_TOO_WIDE
                    || this == MISSING_KEY
                    || this == RECORD_TOO_LARGE
                    || name().startsWith("EVENT_TIME_");
        }

        Kind(Bronze bronze, String... codes) {
            this.bronze = bronze;
            this.codes = Set.of(codes);
        }
    }

    /** A genuine record as it is on (or would be on) a raw topic: registry framing + Avro body. */
    record Genuine(Domain domain, String key, byte[] value) {
        int schemaId() {
            return ByteBuffer.wrap(value, 1, 4).getInt();
        }
    }

    /** One hostile record: {@code key} and {@code value} as sent (either may be null). */
    record Hostile(Kind kind, int n, String topic, byte[] key, byte[] value) {
        String caseId() {
            return kind + ":" + n;
        }
    }

    /** Records of each class per topic in a full campaign (about 2,300 per topic, 11,000 over the five). */
    static final Map<Kind, Integer> PER_TOPIC = perTopic();

    private static Map<Kind, Integer> perTopic() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        m.put(Kind.BIT_FLIP, 900);
        m.put(Kind.TRUNCATED, 450);
        m.put(Kind.INFLATED_LENGTH, 150);
        m.put(Kind.OTHER_TOPIC_SCHEMA, 100);
        m.put(Kind.UNREGISTERED_SCHEMA_ID, 150);
        m.put(Kind.NOT_AVRO, 100);
        m.put(Kind.EMPTY_VALUE, 20);
        m.put(Kind.TOMBSTONE, 20);
        m.put(Kind.INVALID_UTF8, 100);
        m.put(Kind.EVENT_TIME_SECONDS, 25);
        m.put(Kind.EVENT_TIME_NANOSECONDS, 25);
        m.put(Kind.EVENT_TIME_FAR_PAST, 25);
        m.put(Kind.EVENT_TIME_FAR_FUTURE, 25);
        m.put(Kind.MONEY_TOO_WIDE, 100);
        m.put(Kind.MISSING_KEY, 30);
        m.put(Kind.RECORD_TOO_LARGE, 2);
        return m;
    }

    private final SplittableRandom random;
    private final Map<Domain, List<Genuine>> genuine = new EnumMap<>(Domain.class);
    private final Map<Domain, Integer> ids = new EnumMap<>(Domain.class);
    private final Map<Kind, Integer> next = new EnumMap<>(Kind.class);
    private long bitFlipsDiscarded;
    private long bitFlipsTried;

    /** @param samples genuine records of every domain (their frames give each domain's schema id) */
    HostileRecords(long seed, List<Genuine> samples) {
        this.random = new SplittableRandom(seed);
        for (Genuine g : samples) {
            genuine.computeIfAbsent(g.domain(), d -> new ArrayList<>()).add(g);
            ids.putIfAbsent(g.domain(), g.schemaId());
        }
        for (Domain d : Domain.values()) {
            if (!genuine.containsKey(d)) {
                throw new IllegalArgumentException("no genuine record of " + d + " to mutate");
            }
        }
    }

    /** Bit-flip mutants plain Avro accepted, so they were not sent (they could pass for genuine events). */
    long bitFlipsDiscarded() {
        return bitFlipsDiscarded;
    }

    long bitFlipsTried() {
        return bitFlipsTried;
    }

    /** A campaign: {@code scale} x {@link #PER_TOPIC} records of each class on every raw topic, classes interleaved. */
    List<Hostile> campaign(double scale) {
        List<Hostile> all = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            for (Map.Entry<Kind, Integer> e : PER_TOPIC.entrySet()) {
                int count = Math.max(1, (int) Math.round(e.getValue() * scale));
                for (int i = 0; i < count; i++) {
                    Hostile h = make(e.getKey(), domain);
                    if (h != null) {
                        all.add(h);
                    }
                }
            }
        }
        // Interleaved, as hostile traffic would come: no class gets a quiet stretch of its own.
        for (int i = all.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Hostile t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return all;
    }

    /** One record of the class for the domain's raw topic; null when the domain has nothing to mutate that way. */
    Hostile make(Kind kind, Domain domain) {
        Genuine g = pick(domain);
        byte[] key = g.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = switch (kind) {
            case BIT_FLIP -> bitFlip(g);
            case TRUNCATED -> Bytes.cut(g.value(), FRAME + random.nextInt(g.value().length - FRAME));
            case INFLATED_LENGTH -> inflatedLength(g);
            case OTHER_TOPIC_SCHEMA -> otherTopicSchema(domain, g);
            case UNREGISTERED_SCHEMA_ID -> Bytes.reframe(g.value(), unregisteredId());
            case NOT_AVRO -> notAvro(g);
            case EMPTY_VALUE -> new byte[0];
            case TOMBSTONE -> null;
            case INVALID_UTF8 -> invalidUtf8(g);
            case EVENT_TIME_SECONDS -> withEventTime(g, t -> t / 1000);
            case EVENT_TIME_NANOSECONDS -> withEventTime(g, t -> t * 1_000_000);
            case EVENT_TIME_FAR_PAST ->
                withEventTime(
                        g,
                        t -> random.nextBoolean()
                                ? SANE_FROM - 1
                                : Instant.parse("1900-01-01T00:00:00Z").toEpochMilli()
                                        - random.nextLong(1, 86_400_000L * 365 * 500));
            case EVENT_TIME_FAR_FUTURE ->
                withEventTime(
                        g,
                        t -> random.nextBoolean()
                                ? SANE_UNTIL
                                : SANE_UNTIL + random.nextLong(1, 86_400_000L * 365 * 5000));
            case MONEY_TOO_WIDE -> moneyTooWide(domain);
            case MISSING_KEY -> {
                key = random.nextBoolean() ? null : new byte[0];
                yield reencode(g, r -> {});
            }
            case RECORD_TOO_LARGE ->
                reencode(g, r -> r.put("event_id", UUID.randomUUID() + "-" + "x".repeat(TOO_LARGE_PADDING)));
        };
        if (kind == Kind.MONEY_TOO_WIDE && value == null) {
            return null;
        }
        int n = next.merge(kind, 1, Integer::sum);
        return new Hostile(kind, n, domain.rawTopic(), key, value);
    }

    // ---- the mutations ----

    private Genuine pick(Domain domain) {
        List<Genuine> of = genuine.get(domain);
        return of.get(random.nextInt(of.size()));
    }

    private int unregisteredId() {
        // A flood of distinct ids (the validator's unknown-id cache and registry calls must stay bounded), a few edge
        // ids.
        return switch (random.nextInt(10)) {
            case 0 -> -1;
            case 1 -> Integer.MAX_VALUE;
            default -> UNREGISTERED_ID_BASE + random.nextInt(1 << 20);
        };
    }

    private byte[] bitFlip(Genuine g) {
        Schema schema = EventSchemas.of(g.domain());
        while (true) {
            bitFlipsTried++;
            byte[] v = g.value().clone();
            int flips = 1 + random.nextInt(2);
            for (int i = 0; i < flips; i++) {
                int at = FRAME + random.nextInt(v.length - FRAME);
                v[at] ^= (byte) (1 << random.nextInt(8));
            }
            if (!plainAvroAccepts(schema, v)) {
                return v;
            }
            bitFlipsDiscarded++;
        }
    }

    /**
     * The body's first field in every envelope is the event id, a string: its length prefix is the body's first
     * byte(s). Declared here as longer than the record (up to 2 GB, or negative), the rest left as it was; or the
     * issue's 7-byte record: the frame, a 2 GB length and one byte.
     */
    private byte[] inflatedLength(Genuine g) {
        int bodyLength = g.value().length - FRAME;
        int lengthBytes = Bytes.varintLength(g.value(), FRAME);
        long declared = switch (random.nextInt(5)) {
            case 0 -> Integer.MAX_VALUE - random.nextInt(16);
            case 1 -> -1 - random.nextInt(1_000_000);
            case 2 -> bodyLength + 1 + random.nextInt(1000);
            case 3 -> 2_000_000_000L;
            default -> bodyLength + 1 + random.nextInt(1 << 24);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(g.value(), 0, FRAME);
        Bytes.writeZigZag(out, declared);
        if (declared == 2_000_000_000L) {
            out.write('x');
        } else {
            out.write(g.value(), FRAME + lengthBytes, g.value().length - FRAME - lengthBytes);
        }
        return out.toByteArray();
    }

    private byte[] otherTopicSchema(Domain domain, Genuine g) {
        Domain[] others = java.util.Arrays.stream(Domain.values())
                .filter(d -> d != domain)
                .toArray(Domain[]::new);
        Domain other = others[random.nextInt(others.length)];
        // Either another topic's whole record (a producer on the wrong topic) or this topic's body under another's id.
        return random.nextBoolean() ? pick(other).value() : Bytes.reframe(g.value(), ids.get(other));
    }

    private byte[] notAvro(Genuine g) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] v = new byte[1 + random.nextInt(4)];
                random.nextBytes(v);
                yield v;
            }
            case 1 ->
                ("{\"event_id\":\"" + UUID.randomUUID() + "\",\"note\":\"json, not avro\"}")
                        .getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] v = g.value().clone();
                v[0] = (byte) (1 + random.nextInt(255));
                yield v;
            }
            default -> {
                byte[] v = new byte[5 + random.nextInt(300)];
                random.nextBytes(v);
                v[0] = (byte) (1 + random.nextInt(255));
                yield v;
            }
        };
    }

    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF},
        {(byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC3, 0x28},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}
    };

    /** The event id (a fresh one, 36 ASCII bytes after a 1-byte length) with an invalid UTF-8 sequence written over part of it. */
    private byte[] invalidUtf8(Genuine g) {
        byte[] v = reencode(g, r -> {});
        byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
        int at = FRAME + 1 + random.nextInt(36 - bad.length + 1);
        System.arraycopy(bad, 0, v, at, bad.length);
        return v;
    }

    private interface TimeShift {
        long apply(long millis);
    }

    private byte[] withEventTime(Genuine g, TimeShift shift) {
        return reencode(g, r -> r.put("event_time", shift.apply((Long) r.get("event_time"))));
    }

    /** A genuine record of the domain with a money amount, its decimal made wider than (12,2); null if the domain has none. */
    private byte[] moneyTooWide(Domain domain) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Genuine g = pick(domain);
            GenericRecord r = decode(g);
            List<GenericRecord> amounts = new ArrayList<>();
            collectDecimals(r, amounts);
            if (!amounts.isEmpty()) {
                GenericRecord money = amounts.get(random.nextInt(amounts.size()));
                String field = decimalField(money.getSchema());
                // 13 to 24 digits of unscaled value: precision past 12 whatever the scale.
                BigInteger unscaled =
                        BigInteger.TEN.pow(12 + random.nextInt(12)).add(BigInteger.valueOf(random.nextInt(1 << 30)));
                money.put(field, ByteBuffer.wrap(unscaled.toByteArray()));
                r.put("event_id", fresh());
                return Bytes.frame(g.schemaId(), encode(r));
            }
        }
        return null;
    }

    private static void collectDecimals(Object value, List<GenericRecord> found) {
        if (value instanceof GenericRecord r) {
            if (decimalField(r.getSchema()) != null) {
                found.add(r);
            }
            for (Schema.Field f : r.getSchema().getFields()) {
                collectDecimals(r.get(f.pos()), found);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectDecimals(v, found));
        }
    }

    private static String decimalField(Schema record) {
        for (Schema.Field f : record.getFields()) {
            if (f.schema().getType() == Schema.Type.BYTES
                    && f.schema().getLogicalType() instanceof LogicalTypes.Decimal) {
                return f.name();
            }
        }
        return null;
    }

    private interface Change {
        void apply(GenericRecord r);
    }

    /** The genuine record with a fresh event id and the change, framed with its own schema id. */
    private byte[] reencode(Genuine g, Change change) {
        GenericRecord r = decode(g);
        r.put("event_id", fresh());
        change.apply(r);
        return Bytes.frame(g.schemaId(), encode(r));
    }

    private String fresh() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    // ---- Avro ----

    static GenericRecord decode(Genuine g) {
        try {
            BinaryDecoder d = DecoderFactory.get().binaryDecoder(g.value(), FRAME, g.value().length - FRAME, null);
            return new GenericDatumReader<GenericRecord>(EventSchemas.of(g.domain())).read(null, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(GenericRecord r) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(r.getSchema(), GenericData.get()).write(r, e);
            e.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Plain Avro's verdict on a framed value: the body decodes with the writer schema and nothing is left over.
     * Any throwable counts as a rejection (that is the point: plain Avro throws what the pipeline must catch).
     */
    static boolean plainAvroAccepts(Schema writer, byte[] framed) {
        if (framed == null || framed.length < FRAME || framed[0] != 0) {
            return false;
        }
        try {
            BinaryDecoder d = DecoderFactory.get().binaryDecoder(framed, FRAME, framed.length - FRAME, null);
            new GenericDatumReader<GenericRecord>(writer).read(null, d);
            return d.isEnd();
        } catch (Exception | OutOfMemoryError e) {
            return false;
        }
    }

    /** Genuine records built with the generator's simulation, framed with the given ids (for tests without a registry). */
    static List<Genuine> fromGenerator(long seed, int perDomain, Map<Domain, Integer> schemaIds) {
        Simulation simulation = new Simulation(GeneratorSettings.defaults(seed, Instant.parse("2026-11-20T08:00:00Z")));
        Map<Domain, Integer> count = new EnumMap<>(Domain.class);
        List<Genuine> out = new ArrayList<>();
        for (int i = 0;
                i < 1_000_000
                        && (count.size() < Domain.values().length
                                || count.values().stream().anyMatch(c -> c < perDomain));
                i++) {
            Emission e = simulation.next();
            if (count.getOrDefault(e.domain(), 0) >= perDomain) {
                continue;
            }
            count.merge(e.domain(), 1, Integer::sum);
            out.add(new Genuine(e.domain(), e.key(), Bytes.frame(schemaIds.get(e.domain()), specific(e.event()))));
        }
        return out;
    }

    private static byte[] specific(SpecificRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, e);
            e.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts per class, for the report. */
    static Map<String, Long> countByKind(List<Hostile> hostile) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            long c = hostile.stream().filter(h -> h.kind() == k).count();
            if (c > 0) {
                m.put(k.name(), c);
            }
        }
        return m;
    }

    /** Byte-level helpers: framing, cutting, Avro's zig-zag varints. */
    static final class Bytes {
        private Bytes() {}

        static byte[] frame(int schemaId, byte[] body) {
            return ByteBuffer.allocate(FRAME + body.length)
                    .put((byte) 0)
                    .putInt(schemaId)
                    .put(body)
                    .array();
        }

        static byte[] reframe(byte[] framed, int schemaId) {
            byte[] v = framed.clone();
            ByteBuffer.wrap(v, 1, 4).putInt(schemaId);
            return v;
        }

        static byte[] cut(byte[] v, int length) {
            return java.util.Arrays.copyOf(v, length);
        }

        static int varintLength(byte[] v, int at) {
            int i = at;
            while ((v[i] & 0x80) != 0) {
                i++;
            }
            return i - at + 1;
        }

        static void writeZigZag(ByteArrayOutputStream out, long n) {
            long z = (n << 1) ^ (n >> 63);
            while ((z & ~0x7FL) != 0) {
                out.write((int) ((z & 0x7F) | 0x80));
                z >>>= 7;
            }
            out.write((int) z);
        }

        static long readZigZag(byte[] v, int at) {
            long z = 0;
            int shift = 0;
            int i = at;
            while (true) {
                long b = v[i++] & 0xFF;
                z |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            return (z >>> 1) ^ -(z & 1);
        }
    }
}
