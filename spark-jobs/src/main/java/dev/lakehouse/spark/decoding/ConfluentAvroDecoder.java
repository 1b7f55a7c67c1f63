package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.decoding.BoundedBinaryDecoder;
import dev.lakehouse.contracts.decoding.ConfluentFrame;
import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Decodes one Confluent-framed value (magic 0, 4-byte big-endian schema id, Avro binary) with the writer schema
 * the id names, resolved to the current reader schema, so older and newer compatible writers land in one shape.
 * Anything wrong with the record itself is a {@link RejectedRecordException} with its reason code; a registry
 * outage is not.
 */
public final class ConfluentAvroDecoder {
    /** Rejected schema ids remembered per decoder; beyond this the memory is cleared (a flood of made-up ids). */
    static final int MAX_REJECTED_IDS = 10_000;
    /**
     * How long "the registry does not know this id" is believed. A schema's content never changes under its id, so
     * every other verdict is kept; but an id unknown now may be registered next (a hostile record can carry the next
     * id before any producer does), and its genuine records must then decode.
     */
    static final long UNKNOWN_ID_MEMORY_MS = 30_000;

    /** What a schema id resolves to: a reader, or the reason every record under it is rejected (until a time). */
    private record Resolved(
            GenericDatumReader<GenericRecord> reader, RejectReason reason, String message, long believedUntilMs) {
        Resolved(GenericDatumReader<GenericRecord> reader, RejectReason reason, String message) {
            this(
                    reader,
                    reason,
                    message,
                    reason == RejectReason.UNKNOWN_SCHEMA_ID
                            ? System.currentTimeMillis() + UNKNOWN_ID_MEMORY_MS
                            : Long.MAX_VALUE);
        }
    }

    private final SchemaRegistryLookup registry;
    private final Schema reader;
    private final Map<Integer, Resolved> readers = new ConcurrentHashMap<>();
    private final Map<Integer, Resolved> rejected = new ConcurrentHashMap<>();

    private static final Map<String, ConfluentAvroDecoder> SHARED = new ConcurrentHashMap<>();

    /** One decoder per registry and domain per JVM, so resolved readers are built once per executor. */
    public static ConfluentAvroDecoder forDomain(String registryUrl, Domain domain) {
        return SHARED.computeIfAbsent(
                registryUrl + "#" + domain,
                k -> new ConfluentAvroDecoder(new SchemaRegistryLookup(registryUrl, 3), ReaderSchemas.of(domain)));
    }

    public ConfluentAvroDecoder(SchemaRegistryLookup registry, Schema reader) {
        this.registry = registry;
        this.reader = reader;
    }

    /** The frame's schema id, or null when the value has no Confluent frame (for the quarantine row). */
    public static Integer schemaIdOrNull(byte[] value) {
        return ConfluentFrame.schemaIdOrNull(value);
    }

    /**
     * The record, or a {@link RejectedRecordException} with its reason. Lengths are bounded by the bytes the record
     * has (BoundedBinaryDecoder), so no value can make this allocate more than its own size; the decoded record is
     * range-checked ({@link RecordChecks}) before anyone builds a Spark row from it.
     */
    public GenericRecord decode(byte[] value) {
        ConfluentFrame frame = ConfluentFrame.parse(value);
        int id = frame.schemaId();
        Resolved resolved = resolve(id);
        if (resolved.reason() != null) {
            throw new RejectedRecordException(resolved.reason(), resolved.message());
        }
        GenericRecord record;
        BoundedBinaryDecoder in = frame.bodyDecoder();
        try {
            record = resolved.reader().read(null, in);
        } catch (RejectedRecordException e) {
            throw e; // the bounded decoder's own verdict: TRUNCATED, LENGTH_BEYOND_RECORD, INVALID_UTF8, INVALID_AVRO
        } catch (EOFException e) {
            throw new RejectedRecordException(
                    RejectReason.TRUNCATED, "schema id " + id + ": the body ends before the record does");
        } catch (IOException | RuntimeException e) {
            // Bad union or enum index, bad boolean, a varint too long...: the body does not match its writer schema.
            throw new RejectedRecordException(
                    RejectReason.INVALID_AVRO,
                    "schema id " + id + ": Avro body does not match its " + "writer schema: " + e);
        }
        if (!in.isEnd()) {
            throw new RejectedRecordException(
                    RejectReason.INVALID_AVRO, "schema id " + id + ": trailing bytes after the record");
        }
        RecordChecks.check(record);
        return record;
    }

    private Resolved resolve(int id) {
        Resolved r = readers.get(id);
        if (r == null) {
            r = rejected.get(id);
            if (r != null && r.believedUntilMs() < System.currentTimeMillis()) {
                rejected.remove(id);
                r = null; // ask the registry again
            }
        }
        if (r == null) {
            r = readerFor(id);
            if (r.reason() == null) {
                readers.put(id, r);
            } else {
                if (rejected.size() >= MAX_REJECTED_IDS) {
                    rejected.clear(); // bounded: at worst one registry call per made-up id per 10,000
                }
                rejected.put(id, r);
            }
        }
        return r;
    }

    private Resolved readerFor(int id) {
        Schema writer;
        try {
            java.util.Optional<Schema> found = registry.writerSchema(id);
            if (found.isEmpty()) {
                return new Resolved(
                        null,
                        RejectReason.UNKNOWN_SCHEMA_ID,
                        "schema id " + id + " is unknown to the registry at " + registry.baseUrl());
            }
            writer = found.get();
        } catch (IOException e) {
            throw new RegistryUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while calling the registry", e);
        } catch (SchemaParseException e) {
            return new Resolved(
                    null,
                    RejectReason.SCHEMA_MISMATCH,
                    "schema id " + id + " is not an Avro schema: " + e.getMessage());
        }
        if (!writer.getFullName().equals(reader.getFullName())
                && !reader.getAliases().contains(writer.getFullName())) {
            return new Resolved(
                    null,
                    RejectReason.SCHEMA_MISMATCH,
                    "schema id " + id + " is " + writer.getFullName() + ", this topic carries " + reader.getFullName());
        }
        SchemaCompatibility.SchemaPairCompatibility compat =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Resolved(
                    null,
                    RejectReason.SCHEMA_MISMATCH,
                    "schema id " + id + " cannot be read as the current " + reader.getFullName() + ": "
                            + compat.getDescription());
        }
        String money = RecordChecks.decimalMismatch(writer, reader);
        if (money != null) {
            return new Resolved(null, RejectReason.MONEY_OUT_OF_CONTRACT, "schema id " + id + ": " + money);
        }
        return new Resolved(new GenericDatumReader<>(writer, reader), null, null);
    }
}
