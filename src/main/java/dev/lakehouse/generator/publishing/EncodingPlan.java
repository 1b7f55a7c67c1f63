package dev.lakehouse.generator.publishing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary encoding of generated records, decided once per schema instead of per value. Avro's
 * datum writer walks the schema for every value: a switch on its type, a field lookup by name, a
 * conversion lookup by class for each field and a union resolution through name lookups. That
 * walk was most of the encoding half of the generator's send thread. Here the walk happens once,
 * when the plan is built, and leaves a tree of writers that only read fields by position. The
 * bytes are Avro's own (EncodingPlanTest compares them with SpecificDatumWriter's for every kind
 * of event the simulation makes).
 */
final class EncodingPlan {

    /** Writes one value of the schema it was planned for. */
    @FunctionalInterface
    interface Writer {
        void write(Object value, Encoder out) throws IOException;
    }

    private final GenericData model;
    /** Planned records by schema identity: a record type used twice (Money) is planned once. */
    private final Map<Schema, Writer> records = new IdentityHashMap<>();

    private EncodingPlan(GenericData model) {
        this.model = model;
    }

    /** The writer of {@code schema}'s values; {@code model} supplies the logical-type conversions of its classes. */
    static Writer of(Schema schema, GenericData model) {
        return new EncodingPlan(model).writer(schema);
    }

    private Writer writer(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        Conversion<?> conversion = logicalType == null ? null : model.getConversionFor(logicalType);
        Writer raw = rawWriter(schema);
        if (conversion == null) {
            return raw;
        }
        Class<?> converted = conversion.getConvertedType();
        return (value, out) ->
                raw.write(converted.isInstance(value) ? toRaw(value, schema, logicalType, conversion) : value, out);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object toRaw(Object value, Schema schema, LogicalType logicalType, Conversion conversion) {
        return Conversions.convertToRawType(value, schema, logicalType, conversion);
    }

    private Writer rawWriter(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> record(schema);
            case UNION -> union(schema);
            case ARRAY -> array(writer(schema.getElementType()));
            case MAP -> map(writer(schema.getValueType()));
            case ENUM ->
                (value, out) -> out.writeEnum(
                        value instanceof Enum<?> e ? e.ordinal() : schema.getEnumOrdinal(value.toString()));
            case STRING ->
                (value, out) -> {
                    if (value instanceof Utf8 utf8) {
                        out.writeString(utf8);
                    } else {
                        out.writeString(value.toString());
                    }
                };
            case BYTES -> (value, out) -> out.writeBytes((ByteBuffer) value);
            case FIXED -> (value, out) -> out.writeFixed(((GenericFixed) value).bytes(), 0, schema.getFixedSize());
            case INT -> (value, out) -> out.writeInt(((Number) value).intValue());
            case LONG -> (value, out) -> out.writeLong(((Number) value).longValue());
            case FLOAT -> (value, out) -> out.writeFloat(((Number) value).floatValue());
            case DOUBLE -> (value, out) -> out.writeDouble(((Number) value).doubleValue());
            case BOOLEAN -> (value, out) -> out.writeBoolean((Boolean) value);
            case NULL -> (value, out) -> out.writeNull();
        };
    }

    private Writer record(Schema schema) {
        Writer planned = records.get(schema);
        if (planned != null) {
            return planned;
        }
        List<Schema.Field> fields = schema.getFields();
        Writer[] writers = new Writer[fields.size()];
        int[] positions = new int[fields.size()];
        // Registered before its fields are planned, so a recursive type refers to itself.
        Writer writer = (value, out) -> {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) {
                Object field = record.get(positions[i]);
                try {
                    writers[i].write(field, out);
                } catch (NullPointerException | ClassCastException e) {
                    throw new AvroRuntimeException(
                            "cannot encode field " + schema.getFullName() + "."
                                    + fields.get(i).name() + " = " + field + " as "
                                    + fields.get(i).schema() + ": " + e.getMessage(),
                            e);
                }
            }
        };
        records.put(schema, writer);
        for (int i = 0; i < writers.length; i++) {
            writers[i] = writer(fields.get(i).schema());
            positions[i] = fields.get(i).pos();
        }
        return writer;
    }

    private Writer union(Schema union) {
        List<Schema> types = union.getTypes();
        Writer[] branches = new Writer[types.size()];
        for (int i = 0; i < branches.length; i++) {
            branches[i] = writer(types.get(i));
        }
        BranchByClass branchOf = new BranchByClass(union, model);
        return (value, out) -> {
            int branch = branchOf.of(value);
            out.writeIndex(branch);
            branches[branch].write(value, out);
        };
    }

    private static Writer array(Writer element) {
        return (value, out) -> {
            Collection<?> items = (Collection<?>) value;
            out.writeArrayStart();
            out.setItemCount(items.size());
            for (Object item : items) {
                out.startItem();
                element.write(item, out);
            }
            out.writeArrayEnd();
        };
    }

    private static Writer map(Writer valueWriter) {
        return (value, out) -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            out.writeMapStart();
            out.setItemCount(entries.size());
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                out.startItem();
                out.writeString(entry.getKey().toString());
                valueWriter.write(entry.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    /**
     * A union's branch by the value's class. For generated classes the class alone decides the
     * branch (null, strings, boxed primitives, records, enums, converted logical types), so Avro's
     * answer for the first value of a class holds for the rest. Values that carry their own
     * schema (generic records, fixeds, enum symbols) are resolved by Avro each time.
     */
    private static final class BranchByClass {
        /** Classes seen and their branches, side by side: a union meets a handful, fewer than a hash lookup costs. */
        private record Known(Class<?>[] types, int[] branches) {}

        private final Schema union;
        private final GenericData model;
        // Replaced on write, so reads take no lock; writes stop once each value class has been seen.
        private volatile Known known = new Known(new Class<?>[0], new int[0]);

        BranchByClass(Schema union, GenericData model) {
            this.union = union;
            this.model = model;
        }

        int of(Object value) {
            Class<?> type = value == null ? Void.class : value.getClass();
            Known seen = known;
            for (int i = 0; i < seen.types.length; i++) {
                if (seen.types[i] == type) {
                    return seen.branches[i];
                }
            }
            int resolved = model.resolveUnion(union, value);
            if (!(value instanceof GenericData.Record
                    || value instanceof GenericFixed
                    || value instanceof GenericData.EnumSymbol)) {
                remember(type, resolved);
            }
            return resolved;
        }

        private synchronized void remember(Class<?> type, int branch) {
            Known seen = known;
            Class<?>[] types = Arrays.copyOf(seen.types, seen.types.length + 1);
            int[] branches = Arrays.copyOf(seen.branches, seen.branches.length + 1);
            types[seen.types.length] = type;
            branches[seen.types.length] = branch;
            known = new Known(types, branches);
        }
    }
}
