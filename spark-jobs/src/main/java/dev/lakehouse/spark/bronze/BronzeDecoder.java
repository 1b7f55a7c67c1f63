package dev.lakehouse.spark.bronze;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.AvroJson;
import dev.lakehouse.spark.decoding.ConfluentAvroDecoder;
import dev.lakehouse.spark.decoding.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Kafka rows of any raw topic -> bronze rows in one pass: the envelope fields and the record as JSON, or, for a
 * record that cannot be decoded, the error (counted, so the writer knows whether quarantine has work).
 */
final class BronzeDecoder implements MapPartitionsFunction<Row, Row> {
    static final String ERROR = "decode_error";
    static final String REASON = "reject_reason";
    static final StructType TYPE = new StructType()
            .add("domain", DataTypes.StringType)
            .add("event_id", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampType)
            .add("event_type", DataTypes.StringType)
            .add("schema_version", DataTypes.IntegerType)
            .add("record_key", DataTypes.StringType)
            .add("payload_json", DataTypes.StringType)
            .add("raw_value", DataTypes.BinaryType)
            .add("schema_id", DataTypes.IntegerType)
            .add("topic", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType)
            .add("kafka_timestamp", DataTypes.TimestampType)
            .add("ingest_time", DataTypes.TimestampType)
            .add(ERROR, DataTypes.StringType)
            .add(REASON, DataTypes.StringType);

    private final String registryUrl;
    private final String topicPrefix;
    private final Timestamp ingest;
    private final LongAccumulator errors;

    BronzeDecoder(String registryUrl, String topicPrefix, Timestamp ingest, LongAccumulator errors) {
        this.registryUrl = registryUrl;
        this.topicPrefix = topicPrefix;
        this.ingest = ingest;
        this.errors = errors;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        // Looked up once per partition, not per record (the shared-decoder lookup builds a key string).
        Map<String, Domain> byTopic = new HashMap<>();
        Map<Domain, ConfluentAvroDecoder> decoders = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            byTopic.put(d.rawTopic(topicPrefix), d);
            decoders.put(d, ConfluentAvroDecoder.forDomain(registryUrl, d));
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row in = input.next();
                String topic = in.getString(0);
                Domain d = byTopic.get(topic);
                byte[] key = (byte[]) in.get(4);
                byte[] value = (byte[]) in.get(5);
                Object[] out = new Object[TYPE.size()];
                out[0] = d.id();
                out[5] = key == null ? null : new String(key, StandardCharsets.UTF_8);
                out[7] = value;
                out[9] = topic;
                out[10] = in.getInt(1);
                out[11] = in.getLong(2);
                out[12] = in.get(3);
                out[13] = ingest;
                // One record can only fail itself: whatever goes wrong while turning it into a row (the decode, the
                // range
                // checks, the JSON) makes it a quarantine row with a reason code, and the partition goes on. Only a
                // registry outage, which is no property of the record, fails the batch (the supervisor restarts it).
                try {
                    out[8] = ConfluentAvroDecoder.schemaIdOrNull(value);
                    GenericRecord r = decoders.get(d).decode(value);
                    out[1] = r.get("event_id").toString();
                    out[2] = new Timestamp((Long) r.get("event_time"));
                    out[3] = ((GenericRecord) r.get("payload")).getSchema().getName();
                    out[4] = r.get("schema_version");
                    out[6] = AvroJson.write(r);
                } catch (RegistryUnavailableException e) {
                    throw e;
                } catch (RejectedRecordException e) {
                    reject(out, e.reason(), e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    reject(out, RejectReason.INTERNAL_ERROR, e.toString());
                }
                return RowFactory.create(out);
            }

            private void reject(Object[] out, RejectReason reason, String message) {
                for (int i : new int[] {1, 2, 3, 4, 6}) {
                    out[i] = null; // a half-filled envelope must not reach the quarantine row
                }
                out[14] = message == null ? reason.name() : message;
                out[15] = reason.name();
                errors.add(1);
            }
        };
    }
}
