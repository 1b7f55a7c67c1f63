package dev.lakehouse.validation;

import dev.lakehouse.contracts.decoding.BoundedBinaryDecoder;
import dev.lakehouse.contracts.decoding.ConfluentFrame;
import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent-framed Avro (magic byte 0, 4-byte big-endian schema id, Avro binary) with
 * the writer's schema from the registry, resolved to this build's schema of the domain.
 *
 * <p>Two kinds of failure are kept apart on purpose: a record that is broken for good
 * ({@link DecodeException}, with a {@link RejectReason} code: bad framing, unknown id, another
 * record's schema, bytes that are not the schema's) goes to the dead-letter topic, while a
 * registry that cannot be reached ({@link IOException}) must stop and retry, or good records
 * would be thrown away during an outage.
 *
 * <p>The body is read with {@link BoundedBinaryDecoder}, so no declared length can make it
 * allocate more than the record's own size, and strings must be valid UTF-8.
 */
public class EventDecoder {

    public static final byte MAGIC_BYTE = ConfluentFrame.MAGIC_BYTE;
    private static final long UNKNOWN_ID_MEMORY_MS = 30_000;
    /**
     * Ids the registry did not know are remembered (for {@link #UNKNOWN_ID_MEMORY_MS}) up to this
     * many, oldest out: a flood of random ids cannot grow the validator's heap. 10,000 entries
     * are well under a megabyte.
     */
    static final int MAX_REMEMBERED_UNKNOWN_IDS = 10_000;
    /**
     * Registry look-ups of ids not in either cache, at most this many a second (a token bucket
     * with a one-second burst). Over it the decoder WAITS for its turn instead of declaring the
     * id unknown: answering "unknown" unasked would dead-letter a genuine record of a schema
     * registered during a flood, while waiting only slows the validator to this rate for as
     * long as a flood of distinct unknown ids lasts (each id is then remembered, so a repeat is
     * free). The registry never sees more than this from one validator.
     */
    static final int MAX_UNKNOWN_LOOKUPS_PER_SECOND = 200;

    private final SchemaRegistryLookup registry;
    private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
    /** Ids the registry did not know, until when to believe that without asking again; oldest first. */
    private final LinkedHashMap<Integer, Long> unknownIds = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > MAX_REMEMBERED_UNKNOWN_IDS;
        }
    };
    /** Per writer schema (by identity, one instance per id) and domain: empty if its decimals keep the contract. */
    private final Map<Schema, Map<Domain, Optional<String>>> moneyVerdicts = new IdentityHashMap<>();

    private double lookupTokens = MAX_UNKNOWN_LOOKUPS_PER_SECOND;
    private long tokensAt = System.nanoTime();

    public EventDecoder(SchemaRegistryLookup registry) {
        this.registry = registry;
    }

    public SpecificRecord decode(Domain domain, byte[] value)
            throws DecodeException, IOException, InterruptedException {
        ConfluentFrame frame;
        try {
            frame = ConfluentFrame.parse(value);
        } catch (RejectedRecordException e) {
            throw rejected(e);
        }
        int id = frame.schemaId();
        Schema writer = writerSchema(id);
        Schema readerSchema = EventSchemas.of(domain);
        if (writer.getType() != Schema.Type.RECORD || !writer.getFullName().equals(readerSchema.getFullName())) {
            throw new DecodeException(
                    RejectReason.SCHEMA_MISMATCH.name(),
                    "schema id " + id + " is "
                            + (writer.getType() == Schema.Type.RECORD
                                    ? "record " + writer.getFullName()
                                    : "a " + writer.getType() + " schema")
                            + ", not " + readerSchema.getFullName() + " of topic " + domain.rawTopic(),
                    null);
        }
        Optional<String> moneyBreach = moneyVerdict(writer, domain);
        if (moneyBreach.isPresent()) {
            throw new DecodeException(
                    RejectReason.MONEY_OUT_OF_CONTRACT.name(), "schema id " + id + ": " + moneyBreach.get(), null);
        }
        BoundedBinaryDecoder decoder = frame.bodyDecoder();
        SpecificRecord record;
        try {
            SpecificData model = SpecificData.getForSchema(readerSchema);
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(writer, readerSchema, model);
            record = reader.read(null, decoder);
        } catch (RejectedRecordException e) {
            throw rejected(e);
        } catch (DateTimeException e) {
            // A timestamp logical type Java cannot represent (e.g. micros far beyond year 1e9).
            throw new DecodeException(
                    RejectReason.EVENT_TIME_OUT_OF_RANGE.name(),
                    "a timestamp of schema id " + id + " is not representable: " + e.getMessage(),
                    e);
        } catch (IOException
                | AvroRuntimeException
                | ClassCastException
                | IndexOutOfBoundsException
                | IllegalArgumentException
                | NegativeArraySizeException
                | ArithmeticException e) {
            // Bad union or enum index, a decimal of 0 bytes, ...: bytes that are not the schema's.
            // IOException here is the reader's, never the registry's: the body is in memory.
            throw new DecodeException(
                    RejectReason.INVALID_AVRO.name(),
                    "bytes are not a valid " + writer.getFullName() + " (schema id " + id + "): " + e,
                    e);
        }
        if (!decoder.isEnd()) {
            throw new DecodeException(
                    RejectReason.INVALID_AVRO.name(),
                    decoder.remaining() + " trailing bytes after the record (schema id " + id + ")",
                    null);
        }
        return record;
    }

    private static DecodeException rejected(RejectedRecordException e) {
        return new DecodeException(e.reason().name(), e.getMessage(), e);
    }

    private Schema writerSchema(int id) throws DecodeException, IOException, InterruptedException {
        Schema cached = writerSchemas.get(id);
        if (cached != null) {
            return cached;
        }
        synchronized (unknownIds) {
            Long knownUnknownUntil = unknownIds.get(id);
            if (knownUnknownUntil != null && knownUnknownUntil > System.currentTimeMillis()) {
                throw unknownId(id);
            }
        }
        awaitLookupToken();
        // Empty for any 4xx (e.g. 400/422 for a negative id says the same as 404 about this id);
        // a 5xx or an unreachable registry throws: retry the batch later.
        Optional<String> text = registry.schemaById(id);
        if (text.isEmpty()) {
            // Remembered briefly, so a burst of poison records is not a burst of registry calls,
            // yet an id registered later is found.
            synchronized (unknownIds) {
                unknownIds.remove(id); // re-inserted as the newest
                unknownIds.put(id, System.currentTimeMillis() + UNKNOWN_ID_MEMORY_MS);
            }
            throw unknownId(id);
        }
        try {
            Schema schema = new Schema.Parser().parse(text.get());
            writerSchemas.put(id, schema);
            return schema;
        } catch (IllegalArgumentException | AvroRuntimeException e) { // SchemaParseException among them
            throw new DecodeException(
                    RejectReason.UNKNOWN_SCHEMA_ID.name(),
                    "schema id " + id + " is not an Avro schema: " + e.getMessage(),
                    e);
        }
    }

    private void awaitLookupToken() throws InterruptedException {
        synchronized (this) {
            while (true) {
                long now = System.nanoTime();
                lookupTokens = Math.min(
                        MAX_UNKNOWN_LOOKUPS_PER_SECOND,
                        lookupTokens + (now - tokensAt) / 1e9 * MAX_UNKNOWN_LOOKUPS_PER_SECOND);
                tokensAt = now;
                if (lookupTokens >= 1) {
                    lookupTokens -= 1;
                    return;
                }
                wait(Math.max(1, (long) Math.ceil((1 - lookupTokens) * 1000.0 / MAX_UNKNOWN_LOOKUPS_PER_SECOND)));
            }
        }
    }

    /** How many unknown ids are remembered now (bounded by {@link #MAX_REMEMBERED_UNKNOWN_IDS}). */
    int rememberedUnknownIds() {
        synchronized (unknownIds) {
            return unknownIds.size();
        }
    }

    /**
     * Avro's schema resolution ignores logical types: a writer's decimal(20,6) would be read as
     * this build's decimal(12,2), its unscaled value silently taken at scale 2. A writer schema
     * whose decimals are not the contract's (same scale, precision not above) is refused whole.
     */
    private Optional<String> moneyVerdict(Schema writer, Domain domain) {
        synchronized (moneyVerdicts) {
            return moneyVerdicts
                    .computeIfAbsent(writer, w -> new java.util.EnumMap<>(Domain.class))
                    .computeIfAbsent(domain, d -> {
                        List<LogicalTypes.Decimal> contract = new ArrayList<>();
                        collectDecimals(EventSchemas.of(d), contract, new IdentityHashMap<>());
                        List<LogicalTypes.Decimal> written = new ArrayList<>();
                        collectDecimals(writer, written, new IdentityHashMap<>());
                        for (LogicalTypes.Decimal w : written) {
                            boolean fits = contract.stream()
                                    .anyMatch(
                                            c -> c.getScale() == w.getScale() && w.getPrecision() <= c.getPrecision());
                            if (!fits) {
                                return Optional.of("writer declares decimal(" + w.getPrecision() + "," + w.getScale()
                                        + "), the contract's money is " + describe(contract));
                            }
                        }
                        return Optional.empty();
                    });
        }
    }

    private static String describe(List<LogicalTypes.Decimal> decimals) {
        return decimals.stream()
                .map(d -> "decimal(" + d.getPrecision() + "," + d.getScale() + ")")
                .distinct()
                .reduce((a, b) -> a + " or " + b)
                .orElse("no decimal at all");
    }

    static void collectDecimals(
            Schema schema, List<LogicalTypes.Decimal> into, IdentityHashMap<Schema, Boolean> visited) {
        if (visited.put(schema, Boolean.TRUE) != null) {
            return;
        }
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            into.add(decimal);
        }
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(f -> collectDecimals(f.schema(), into, visited));
            case UNION -> schema.getTypes().forEach(t -> collectDecimals(t, into, visited));
            case ARRAY -> collectDecimals(schema.getElementType(), into, visited);
            case MAP -> collectDecimals(schema.getValueType(), into, visited);
            default -> {}
        }
    }

    private static DecodeException unknownId(int id) {
        return new DecodeException(
                RejectReason.UNKNOWN_SCHEMA_ID.name(), "schema id " + id + " is not in the registry", null);
    }
}
