package dev.lakehouse.spark.decoding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes one Confluent-framed value (magic 0, 4-byte big-endian schema id, Avro binary) with the writer schema
 * the id names, resolved to the current reader schema, so older and newer compatible writers land in one shape.
 * Anything wrong with the record itself is a {@link DecodeException}; a registry outage is not.
 */
public final class ConfluentAvroDecoder {
  private final SchemaRegistryClient registry;
  private final Schema reader;
  private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

  private static final Map<String, ConfluentAvroDecoder> SHARED = new ConcurrentHashMap<>();

  /** One decoder per registry and domain per JVM, so resolved readers are built once per executor. */
  public static ConfluentAvroDecoder forDomain(String registryUrl, Domain domain) {
    return SHARED.computeIfAbsent(registryUrl + "#" + domain,
        k -> new ConfluentAvroDecoder(new SchemaRegistryClient(registryUrl), ReaderSchemas.of(domain)));
  }

  public ConfluentAvroDecoder(SchemaRegistryClient registry, Schema reader) {
    this.registry = registry;
    this.reader = reader;
  }

  public static int schemaId(byte[] value) {
    if (value == null || value.length < 5) {
      throw new DecodeException("value is " + (value == null ? "null" : value.length + " bytes")
          + ", too short for the Confluent frame (magic byte + 4-byte schema id)");
    }
    if (value[0] != 0) {
      throw new DecodeException("unknown magic byte " + value[0] + " (expected 0: Confluent framing)");
    }
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  public GenericRecord decode(byte[] value) {
    int id = schemaId(value);
    GenericDatumReader<GenericRecord> datumReader = readers.computeIfAbsent(id, this::readerFor);
    BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
    try {
      GenericRecord record = datumReader.read(null, in);
      if (!in.isEnd()) {
        throw new DecodeException("schema id " + id + ": " + "trailing bytes after the record");
      }
      return record;
    } catch (IOException | AvroTypeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new DecodeException("schema id " + id + ": Avro body does not match its writer schema: " + e);
    } catch (RuntimeException e) {
      if (e instanceof DecodeException) throw e;
      throw new DecodeException("schema id " + id + ": " + e);
    }
  }

  private GenericDatumReader<GenericRecord> readerFor(int id) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryClient.SchemaNotFoundException e) {
      throw new DecodeException(e.getMessage());
    }
    if (!writer.getFullName().equals(reader.getFullName()) && !reader.getAliases().contains(writer.getFullName())) {
      throw new DecodeException("schema id " + id + " is " + writer.getFullName() + ", this topic carries "
          + reader.getFullName());
    }
    return new GenericDatumReader<>(writer, reader);
  }

  /** The record cannot be decoded; it belongs in quarantine, not in a failed query. */
  public static final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
      super(message);
    }
  }
}
