package dev.lakehouse.validation;

import dev.lakehouse.events.Domain;
import dev.lakehouse.schemas.RegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent-framed Avro (magic byte 0, 4-byte big-endian schema id, Avro binary) with
 * the writer's schema from the registry, resolved to this build's schema of the domain.
 *
 * <p>Two kinds of failure are kept apart on purpose: a record that is broken for good
 * ({@link DecodeException}: bad framing, unknown id, bytes that are not the schema's) goes to
 * the dead-letter topic, while a registry that cannot be reached ({@link IOException}) must
 * stop and retry, or good records would be thrown away during an outage.
 */
public class EventDecoder {

    public static final byte MAGIC_BYTE = 0;
    private static final long UNKNOWN_ID_MEMORY_MS = 30_000;

    private final RegistryClient registry;
    private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
    /** Ids the registry did not know, until when to believe that without asking again. */
    private final Map<Integer, Long> unknownIds = new ConcurrentHashMap<>();

    public EventDecoder(RegistryClient registry) {
        this.registry = registry;
    }

    public SpecificRecord decode(Domain domain, byte[] value) throws DecodeException, IOException, InterruptedException {
        if (value == null || value.length < 5) {
            throw new DecodeException("NOT_AVRO", "value has " + (value == null ? "no" : value.length) + " bytes, "
                    + "fewer than the 5 of the schema-id frame", null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (buffer.get() != MAGIC_BYTE) {
            throw new DecodeException("NOT_AVRO", "first byte is " + value[0] + ", not the magic byte 0 of a registry-framed Avro record", null);
        }
        int id = buffer.getInt();
        Schema writer = writerSchema(id);
        try {
            SpecificData model = SpecificData.getForSchema(domain.schema());
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(writer, domain.schema(), model);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
            SpecificRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DecodeException("NOT_AVRO", "trailing bytes after the record (schema id " + id + ")", null);
            }
            return record;
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
            throw new DecodeException("NOT_AVRO", "bytes are not a valid " + writer.getFullName() + " (schema id " + id
                    + "): " + e, e);
        }
    }

    private Schema writerSchema(int id) throws DecodeException, IOException, InterruptedException {
        Schema cached = writerSchemas.get(id);
        if (cached != null) {
            return cached;
        }
        Long knownUnknownUntil = unknownIds.get(id);
        if (knownUnknownUntil != null && knownUnknownUntil > System.currentTimeMillis()) {
            throw unknownId(id);
        }
        Optional<String> text = registry.schemaById(id);
        if (text.isEmpty()) {
            // Remembered briefly, so a burst of poison records is not a burst of registry calls,
            // yet an id registered later is found.
            unknownIds.put(id, System.currentTimeMillis() + UNKNOWN_ID_MEMORY_MS);
            throw unknownId(id);
        }
        try {
            Schema schema = new Schema.Parser().parse(text.get());
            writerSchemas.put(id, schema);
            return schema;
        } catch (SchemaParseException e) {
            throw new DecodeException("UNKNOWN_SCHEMA_ID", "schema id " + id + " is not an Avro schema: " + e.getMessage(), e);
        }
    }

    private static DecodeException unknownId(int id) {
        return new DecodeException("UNKNOWN_SCHEMA_ID", "schema id " + id + " is not in the registry", null);
    }
}
