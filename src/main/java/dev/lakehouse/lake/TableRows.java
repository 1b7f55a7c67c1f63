package dev.lakehouse.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/** Reads a table's rows with iceberg-data, as plain JSON-ready values (instants in UTC, bytes in base64). */
public final class TableRows {

    private TableRows() {}

    /** Rows of the current snapshot matching the filter. */
    public static List<Map<String, Object>> read(Table table, Expression filter) {
        return read(table, null, filter, Integer.MAX_VALUE);
    }

    /**
     * At most {@code limit} rows of a snapshot (null: the current one) matching the filter, in file order.
     * A table without snapshots has no rows.
     */
    public static List<Map<String, Object>> read(Table table, Long snapshotId, Expression filter, int limit) {
        if (table.currentSnapshot() == null) {
            return List.of();
        }
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table).where(filter);
        if (snapshotId != null) {
            scan = scan.useSnapshot(snapshotId);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = scan.build()) {
            for (Record record : records) {
                if (rows.size() >= limit) {
                    break;
                }
                rows.add(struct(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new LakeUnavailableException("cannot read " + table.name() + ": " + LakeCatalog.rootMessage(e), e);
        }
        return rows;
    }

    /**
     * The newest value of a timestamp column in the current snapshot, from the data files' column statistics,
     * so finding "the latest minute" does not read every row of a table that only grows.
     */
    public static Optional<Instant> newest(Table table, String column) {
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        Types.NestedField field = table.schema().findField(column);
        Instant newest = null;
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().filter(Expressions.alwaysTrue()).planFiles()) {
            for (FileScanTask task : tasks) {
                Map<Integer, ByteBuffer> bounds = task.file().upperBounds();
                ByteBuffer bound = bounds == null ? null : bounds.get(field.fieldId());
                if (bound == null) {
                    // No statistics for this file: read the column instead of guessing.
                    return read(table, Expressions.alwaysTrue()).stream()
                            .map(r -> (Instant) r.get(column))
                            .filter(Objects::nonNull)
                            .max(Instant::compareTo);
                }
                Instant value = DateTimeUtil.timestamptzFromMicros(Conversions.fromByteBuffer(field.type(), bound))
                        .toInstant();
                newest = newest == null || value.isAfter(newest) ? value : newest;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(newest);
    }

    private static Map<String, Object> struct(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Types.NestedField> fields = record.struct().fields();
        for (int i = 0; i < fields.size(); i++) {
            out.put(fields.get(i).name(), json(record.get(i)));
        }
        return out;
    }

    /** Iceberg's generic values as values Jackson writes the way docs/api.md promises. */
    static Object json(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC); // timestamps without zone are UTC in this lake
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] array = new byte[copy.remaining()];
            copy.get(array);
            return Base64.getEncoder().encodeToString(array);
        }
        if (value instanceof byte[] array) {
            return Base64.getEncoder().encodeToString(array);
        }
        if (value instanceof Record record) {
            return struct(record);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TableRows::json).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
            return out;
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        return value.toString(); // dates and times of day: ISO-8601
    }
}
