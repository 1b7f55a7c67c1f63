package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import dev.lakehouse.contracts.topics.Domain;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes the Kafka rows of one domain into {@code record} (the reader-schema struct) or, when the value cannot
 * be decoded, {@code decode_error} with the raw bytes kept: callers send those rows to quarantine, so a bad record
 * neither fails the query nor disappears.
 */
public final class KafkaRecordDecoder {
    public static final String RECORD = "record";
    public static final String ERROR = "decode_error";
    public static final String REASON = "reject_reason";

    private KafkaRecordDecoder() {}

    public static StructType outputType(Domain domain) {
        return new StructType()
                .add("topic", DataTypes.StringType, false)
                .add("partition", DataTypes.IntegerType, false)
                .add("offset", DataTypes.LongType, false)
                .add("kafka_timestamp", DataTypes.TimestampType, true)
                .add("key", DataTypes.StringType, true)
                .add("value", DataTypes.BinaryType, true)
                .add("schema_id", DataTypes.IntegerType, true)
                .add(RECORD, AvroRowConverter.structType(ReaderSchemas.of(domain)), true)
                .add(ERROR, DataTypes.StringType, true)
                .add(REASON, DataTypes.StringType, true);
    }

    /** {@code kafkaRows} has the Kafka source's columns and holds only this domain's topic. */
    public static Dataset<Row> decode(Dataset<Row> kafkaRows, Domain domain, String registryUrl) {
        return kafkaRows
                .select("topic", "partition", "offset", "timestamp", "key", "value")
                .mapPartitions(new DecodePartition(domain, registryUrl), Encoders.row(outputType(domain)));
    }

    private static final class DecodePartition implements MapPartitionsFunction<Row, Row> {
        private final Domain domain;
        private final String registryUrl;

        DecodePartition(Domain domain, String registryUrl) {
            this.domain = domain;
            this.registryUrl = registryUrl;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            ConfluentAvroDecoder decoder = ConfluentAvroDecoder.forDomain(registryUrl, domain);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    return decodeOne(decoder, input.next());
                }
            };
        }

        private static Row decodeOne(ConfluentAvroDecoder decoder, Row in) {
            byte[] key = (byte[]) in.get(4);
            byte[] value = (byte[]) in.get(5);
            List<Object> out = new ArrayList<>(10);
            out.add(in.getString(0));
            out.add(in.getInt(1));
            out.add(in.getLong(2));
            out.add(in.get(3));
            out.add(key == null ? null : new String(key, StandardCharsets.UTF_8));
            out.add(value);
            Integer schemaId = null;
            Row record = null;
            String error = null;
            RejectReason reason = null;
            // One record can only fail itself (see BronzeDecoder); the decoder's range checks run before the row is
            // built, so Spark's encoder meets only values it can convert.
            try {
                schemaId = ConfluentAvroDecoder.schemaIdOrNull(value);
                GenericRecord decoded = decoder.decode(value);
                record = AvroRowConverter.toRow(decoded);
            } catch (RegistryUnavailableException e) {
                throw e;
            } catch (RejectedRecordException e) {
                reason = e.reason();
                error = e.getMessage() == null ? reason.name() : e.getMessage();
            } catch (RuntimeException | StackOverflowError e) {
                reason = RejectReason.INTERNAL_ERROR;
                error = e.toString();
            }
            out.add(schemaId);
            out.add(reason == null ? record : null);
            out.add(error);
            out.add(reason == null ? null : reason.name());
            return RowFactory.create(out.toArray());
        }
    }
}
