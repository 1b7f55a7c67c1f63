package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * What Avro accepts but the lake cannot hold, checked on the decoded record (reader schema) before any Spark row
 * is built: a timestamp outside [2000-01-01, 2100-01-01) (Spark's encoder throws outside the decode guard for times
 * it cannot convert, e.g. nanoseconds sent as millis, which crash-looped bronze), and a decimal with more digits
 * than the contract's precision (Spark would store NULL in silver and silently lower revenue).
 */
public final class RecordChecks {
    public static final Instant MIN_TIME = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");
    private static final long MIN_MS = MIN_TIME.toEpochMilli();
    private static final long MAX_MS = MAX_TIME.toEpochMilli();

    private RecordChecks() {}

    public static void check(GenericRecord record) {
        walk(record, record.getSchema(), record.getSchema().getName());
    }

    private static void walk(Object v, Schema s, String path) {
        if (v == null) {
            return;
        }
        LogicalType lt = s.getLogicalType();
        if (lt instanceof LogicalTypes.TimestampMillis) {
            checkTime((Long) v, path, "ms");
            return;
        }
        if (lt instanceof LogicalTypes.TimestampMicros) {
            checkTime(Math.floorDiv((Long) v, 1000L), path, "µs");
            return;
        }
        if (lt instanceof LogicalTypes.Decimal d) {
            checkDecimal(v, d, path);
            return;
        }
        switch (s.getType()) {
            case RECORD -> {
                GenericRecord r = (GenericRecord) v;
                for (Schema.Field f : s.getFields()) {
                    walk(r.get(f.pos()), f.schema(), path + "." + f.name());
                }
            }
            case UNION -> {
                Schema branch = s.getTypes().get(GenericData.get().resolveUnion(s, v));
                walk(v, branch, path);
            }
            case ARRAY -> {
                int i = 0;
                for (Object e : (List<?>) v) {
                    walk(e, s.getElementType(), path + "[" + i++ + "]");
                }
            }
            case MAP -> ((Map<?, ?>) v).forEach((k, e) -> walk(e, s.getValueType(), path + "[" + k + "]"));
            default -> {
                // primitives: Avro already checked them
            }
        }
    }

    private static void checkTime(long ms, String path, String unit) {
        if (ms < MIN_MS || ms >= MAX_MS) {
            throw new RejectedRecordException(
                    RejectReason.EVENT_TIME_OUT_OF_RANGE,
                    path + " = " + ms + " " + unit + " since the epoch is outside [" + MIN_TIME + ", " + MAX_TIME
                            + ") (wrong unit or not a real time)");
        }
    }

    private static void checkDecimal(Object v, LogicalTypes.Decimal d, String path) {
        BigDecimal value = AvroDecimals.value(v, d, path);
        if (value.precision() > d.getPrecision()) {
            throw new RejectedRecordException(
                    RejectReason.MONEY_OUT_OF_CONTRACT,
                    path + " = " + value.toPlainString()
                            + " has " + value.precision() + " digits, more than the contract's decimal("
                            + d.getPrecision() + ","
                            + d.getScale() + ")");
        }
    }

    /**
     * Writer-schema decimals wider than the reader's at the same field: Avro resolves bytes to bytes and ignores the
     * logical type, so a writer's decimal(14,4) would be read with the reader's scale 2 (a hundred times the amount).
     * Returns null when the writer fits, else why not.
     */
    public static String decimalMismatch(Schema writer, Schema reader) {
        Map<String, LogicalTypes.Decimal> want = new java.util.HashMap<>();
        collectDecimals(reader, want, new java.util.HashSet<>());
        Map<String, LogicalTypes.Decimal> have = new java.util.HashMap<>();
        collectDecimals(writer, have, new java.util.HashSet<>());
        for (Map.Entry<String, LogicalTypes.Decimal> e : have.entrySet()) {
            LogicalTypes.Decimal r = want.get(e.getKey());
            LogicalTypes.Decimal w = e.getValue();
            if (r != null && (w.getScale() != r.getScale() || w.getPrecision() > r.getPrecision())) {
                return e.getKey() + " is decimal(" + w.getPrecision() + "," + w.getScale()
                        + ") in the writer schema, the contract " + "says decimal(" + r.getPrecision() + ","
                        + r.getScale() + ")";
            }
        }
        return null;
    }

    /** record full name + "." + field name -> its decimal type (also inside unions, arrays, maps). */
    private static void collectDecimals(Schema s, Map<String, LogicalTypes.Decimal> out, java.util.Set<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (!seen.add(s.getFullName())) return;
                for (Schema.Field f : s.getFields()) {
                    LogicalTypes.Decimal d = decimalIn(f.schema());
                    if (d != null) {
                        out.put(s.getFullName() + "." + f.name(), d);
                    }
                    collectDecimals(f.schema(), out, seen);
                }
            }
            case UNION -> s.getTypes().forEach(t -> collectDecimals(t, out, seen));
            case ARRAY -> collectDecimals(s.getElementType(), out, seen);
            case MAP -> collectDecimals(s.getValueType(), out, seen);
            default -> {}
        }
    }

    private static LogicalTypes.Decimal decimalIn(Schema s) {
        if (s.getLogicalType() instanceof LogicalTypes.Decimal d) return d;
        if (s.getType() == Schema.Type.UNION) {
            for (Schema t : s.getTypes()) {
                if (t.getLogicalType() instanceof LogicalTypes.Decimal d) return d;
            }
        }
        return null;
    }
}
