package dev.lakehouse.spark.decoding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes a decoded record as JSON in the same shape silver's structs have (see {@link AvroRowConverter}):
 * payload unions as {"branch": "OrderPlaced", "OrderPlaced": {...}}, decimals as numbers, timestamps as ISO
 * instants, bytes as base64. Done straight from the record, because bronze is the hot path and going through a
 * Spark struct and {@code to_json} costs a second conversion per row.
 */
public final class AvroJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private AvroJson() {}

    public static String write(GenericRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, record, record.getSchema());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int nonNullBranches(Schema union) {
        int n = 0;
        for (Schema t : union.getTypes()) {
            if (t.getType() != Schema.Type.NULL) {
                n++;
            }
        }
        return n;
    }

    private static void value(JsonGenerator g, Object v, Schema s) throws IOException {
        if (v == null) {
            g.writeNull();
            return;
        }
        LogicalType lt = s.getLogicalType();
        if (lt instanceof LogicalTypes.Decimal d) {
            g.writeNumber(AvroDecimals.value(v, d, s.getName()));
            return;
        }
        if (lt instanceof LogicalTypes.TimestampMillis) {
            g.writeString(Instant.ofEpochMilli((Long) v).toString());
            return;
        }
        switch (s.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) v;
                g.writeStartObject();
                for (Schema.Field f : s.getFields()) {
                    Object fv = r.get(f.pos());
                    if (fv != null) {
                        g.writeFieldName(f.name());
                        value(g, fv, f.schema());
                    }
                }
                g.writeEndObject();
            }
            case UNION -> {
                Schema actual = s.getTypes().get(GenericData.get().resolveUnion(s, v));
                if (nonNullBranches(s) > 1) {
                    g.writeStartObject();
                    g.writeStringField(AvroRowConverter.BRANCH, actual.getName());
                    g.writeFieldName(actual.getName());
                    value(g, v, actual);
                    g.writeEndObject();
                } else {
                    value(g, v, actual);
                }
            }
            case ARRAY -> {
                g.writeStartArray();
                for (Object e : (List<?>) v) {
                    value(g, e, s.getElementType());
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    g.writeFieldName(e.getKey().toString());
                    value(g, e.getValue(), s.getValueType());
                }
                g.writeEndObject();
            }
            case STRING, ENUM -> g.writeString(v.toString());
            case INT -> g.writeNumber((Integer) v);
            case LONG -> g.writeNumber((Long) v);
            case FLOAT -> g.writeNumber((Float) v);
            case DOUBLE -> g.writeNumber((Double) v);
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case BYTES -> {
                ByteBuffer dup = ((ByteBuffer) v).duplicate();
                byte[] b = new byte[dup.remaining()];
                dup.get(b);
                g.writeBinary(b);
            }
            case FIXED -> g.writeBinary(((GenericData.Fixed) v).bytes());
            default -> g.writeNull();
        }
    }
}
