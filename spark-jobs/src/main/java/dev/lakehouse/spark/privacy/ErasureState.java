package dev.lakehouse.spark.privacy;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * One row of {@code privacy.erasures}: how far a request has got, layer by layer. A layer's time is set once, by
 * the pass that reached it; later passes only repeat the deletes (for events that arrived since).
 */
public record ErasureState(
        String requestId,
        String customerId,
        Timestamp requestedAt,
        String channel,
        String arrived,
        Integer subjectsShredded,
        Timestamp keysShreddedAt,
        Timestamp silverErasedAt,
        Timestamp goldErasedAt,
        Timestamp warehouseErasedAt,
        Timestamp snapshotsExpiredAt,
        String changedTables) {

    private static final String TABLE = CatalogSettings.CATALOG_NAME + "." + LakeTables.PRIVACY_ERASURES;

    static ErasureState received(ErasureRequest r) {
        return new ErasureState(
                r.requestId(),
                r.customerId(),
                r.requestedAt(),
                r.channel(),
                r.arrived(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    ErasureState keysShredded(Instant at, int subjects) {
        return new ErasureState(
                requestId,
                customerId,
                requestedAt,
                channel,
                arrived,
                subjects,
                Timestamp.from(at),
                silverErasedAt,
                goldErasedAt,
                warehouseErasedAt,
                snapshotsExpiredAt,
                changedTables);
    }

    ErasureState erased(Instant silver, Instant gold, Instant warehouse, Set<String> changed) {
        if (silverErasedAt != null) {
            return this;
        }
        return new ErasureState(
                requestId,
                customerId,
                requestedAt,
                channel,
                arrived,
                subjectsShredded,
                keysShreddedAt,
                Timestamp.from(silver),
                Timestamp.from(gold),
                Timestamp.from(warehouse),
                snapshotsExpiredAt,
                String.join(",", changed));
    }

    /**
     * Done once every table this request's pass changed retains no snapshot from before that pass began (its keys
     * were shredded first, then the rows deleted).
     */
    ErasureState snapshotsChecked(Function<String, Instant> oldestSnapshot, Instant now) {
        if (snapshotsExpiredAt != null || warehouseErasedAt == null) {
            return this;
        }
        for (String table : tables()) {
            Instant oldest = oldestSnapshot.apply(table);
            if (oldest != null && !oldest.isAfter(keysShreddedAt.toInstant())) {
                return this;
            }
        }
        return new ErasureState(
                requestId,
                customerId,
                requestedAt,
                channel,
                arrived,
                subjectsShredded,
                keysShreddedAt,
                silverErasedAt,
                goldErasedAt,
                warehouseErasedAt,
                Timestamp.from(now),
                changedTables);
    }

    List<String> tables() {
        return changedTables == null || changedTables.isBlank() ? List.of() : Arrays.asList(changedTables.split(","));
    }

    static Map<String, ErasureState> read(SparkSession spark) {
        Map<String, ErasureState> out = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT request_id, customer_id, requested_at, channel, arrived, subjects_shredded, "
                        + "keys_shredded_at, silver_erased_at, gold_erased_at, warehouse_erased_at, "
                        + "snapshots_expired_at, changed_tables FROM " + TABLE)
                .collectAsList()) {
            out.put(
                    r.getString(0),
                    new ErasureState(
                            r.getString(0),
                            r.getString(1),
                            r.getTimestamp(2),
                            r.getString(3),
                            r.getString(4),
                            r.isNullAt(5) ? null : r.getInt(5),
                            r.getTimestamp(6),
                            r.getTimestamp(7),
                            r.getTimestamp(8),
                            r.getTimestamp(9),
                            r.getTimestamp(10),
                            r.getString(11)));
        }
        return out;
    }

    /** Replaces the table's rows with these (a few per request: small, and one commit). */
    static void write(SparkSession spark, Collection<ErasureState> states, Instant now) {
        Timestamp updated = Timestamp.from(now);
        List<Row> rows = states.stream()
                .map(s -> RowFactory.create(
                        s.requestId,
                        s.customerId,
                        s.requestedAt,
                        s.channel,
                        s.arrived,
                        s.subjectsShredded,
                        s.keysShreddedAt,
                        s.silverErasedAt,
                        s.goldErasedAt,
                        s.warehouseErasedAt,
                        s.snapshotsExpiredAt,
                        s.changedTables,
                        updated))
                .toList();
        try {
            spark.createDataFrame(rows, spark.table(TABLE).schema())
                    .writeTo(TABLE)
                    .overwritePartitions();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(
                    TABLE + " is missing: the erase command creates it before its first pass", e);
        }
    }
}
