package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Maps reader-schema records to Spark rows. A union of several records (the envelope's {@code payload}) becomes
 * a struct with a {@code branch} column naming the event type and one nullable struct per event type, named as
 * the Avro record, so SQL can say {@code payload.OrderPlaced.total.amount}.
 */
public final class AvroRowConverter {
    public static final String BRANCH = "branch";

    private AvroRowConverter() {}

    public static StructType structType(Schema record) {
        List<StructField> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(DataTypes.createStructField(f.name(), dataType(f.schema()), isNullable(f.schema())));
        }
        return DataTypes.createStructType(fields);
    }

    private static boolean isNullable(Schema s) {
        return s.getType() == Schema.Type.UNION || s.getType() == Schema.Type.NULL;
    }

    static DataType dataType(Schema s) {
        LogicalType lt = s.getLogicalType();
        if (lt instanceof LogicalTypes.Decimal d) {
            return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
        }
        if (lt instanceof LogicalTypes.TimestampMillis || lt instanceof LogicalTypes.TimestampMicros) {
            return DataTypes.TimestampType;
        }
        if (lt instanceof LogicalTypes.Date) {
            return DataTypes.DateType;
        }
        return switch (s.getType()) {
            case RECORD -> structType(s);
            case STRING, ENUM -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case FLOAT -> DataTypes.FloatType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case BYTES, FIXED -> DataTypes.BinaryType;
            case ARRAY -> DataTypes.createArrayType(dataType(s.getElementType()), isNullable(s.getElementType()));
            case MAP ->
                DataTypes.createMapType(DataTypes.StringType, dataType(s.getValueType()), isNullable(s.getValueType()));
            case UNION -> unionType(s);
            case NULL -> DataTypes.NullType;
        };
    }

    private static DataType unionType(Schema s) {
        List<Schema> branches = nonNull(s);
        if (branches.size() == 1) {
            return dataType(branches.get(0));
        }
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(BRANCH, DataTypes.StringType, false));
        for (Schema b : branches) {
            fields.add(DataTypes.createStructField(branchName(b), dataType(b), true));
        }
        return DataTypes.createStructType(fields);
    }

    private static List<Schema> nonNull(Schema union) {
        return union.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .toList();
    }

    private static String branchName(Schema s) {
        return switch (s.getType()) {
            case RECORD, ENUM, FIXED -> s.getName();
            default -> s.getType().getName();
        };
    }

    public static Row toRow(GenericRecord record) {
        return (Row) convert(record, record.getSchema());
    }

    static Object convert(Object v, Schema s) {
        if (v == null) {
            return null;
        }
        LogicalType lt = s.getLogicalType();
        if (lt instanceof LogicalTypes.Decimal d) {
            BigDecimal amount = AvroDecimals.value(v, d, s.getName());
            if (amount.precision() > d.getPrecision()) {
                // Spark would turn it into NULL without a word (RecordChecks rejects it first; this is the last guard).
                throw new RejectedRecordException(
                        RejectReason.MONEY_OUT_OF_CONTRACT,
                        amount.toPlainString() + " does not fit decimal(" + d.getPrecision() + "," + d.getScale()
                                + ")");
            }
            return amount;
        }
        if (lt instanceof LogicalTypes.TimestampMillis) {
            return new Timestamp((Long) v);
        }
        if (lt instanceof LogicalTypes.TimestampMicros) {
            long micros = (Long) v;
            Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
            t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
            return t;
        }
        if (lt instanceof LogicalTypes.Date) {
            return java.sql.Date.valueOf(java.time.LocalDate.ofEpochDay((Integer) v));
        }
        switch (s.getType()) {
            case RECORD: {
                GenericRecord r = (GenericRecord) v;
                Object[] values = new Object[s.getFields().size()];
                for (Schema.Field f : s.getFields()) {
                    values[f.pos()] = convert(r.get(f.pos()), f.schema());
                }
                return RowFactory.create(values);
            }
            case STRING:
            case ENUM:
                return v.toString();
            case BYTES: {
                ByteBuffer dup = ((ByteBuffer) v).duplicate();
                byte[] b = new byte[dup.remaining()];
                dup.get(b);
                return b;
            }
            case FIXED:
                return ((GenericData.Fixed) v).bytes().clone();
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) v) {
                    out.add(convert(e, s.getElementType()));
                }
                return scala.collection.JavaConverters.asScalaBuffer(out).toList();
            }
            case MAP: {
                Map<String, Object> out = new HashMap<>();
                ((Map<?, ?>) v).forEach((k, e) -> out.put(k.toString(), convert(e, s.getValueType())));
                return scala.collection.JavaConverters.mapAsScalaMap(out);
            }
            case UNION:
                return convertUnion(v, s);
            default:
                return v;
        }
    }

    private static Object convertUnion(Object v, Schema s) {
        List<Schema> branches = nonNull(s);
        int idx = GenericData.get().resolveUnion(s, v);
        Schema actual = s.getTypes().get(idx);
        if (branches.size() == 1) {
            return convert(v, actual);
        }
        Object[] values = new Object[branches.size() + 1];
        values[0] = branchName(actual);
        values[branches.indexOf(actual) + 1] = convert(v, actual);
        return RowFactory.create(values);
    }
}
