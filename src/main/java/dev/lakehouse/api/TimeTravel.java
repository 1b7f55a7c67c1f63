package dev.lakehouse.api;

import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.SnapshotUtil;

/** A table's retained snapshots, and its rows as of one of them. */
@ApplicationScoped
public class TimeTravel {

    public record SnapshotInfo(long snapshotId, Long parentId, Instant committedAt, String operation, Long addedRecords,
                               Long totalRecords, Long addedDataFiles, Long totalDataFiles) {
    }

    public record Snapshots(String table, Long currentSnapshotId, List<SnapshotInfo> snapshots) {
    }

    public record Column(String name, String type) {
    }

    /** {@code snapshot} is null only for a table that has no commit yet (and no time was asked for). */
    public record Rows(String table, Instant asOf, SnapshotInfo snapshot, int limit, boolean truncated,
                       List<Column> columns, List<Map<String, Object>> rows) {
    }

    private final LakeCatalog lake;

    TimeTravel(LakeCatalog lake) {
        this.lake = lake;
    }

    public Snapshots snapshots(String namespace, String name) {
        Table table = table(namespace, name);
        List<SnapshotInfo> out = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
            out.add(info(snapshot));
        }
        out.sort((a, b) -> a.committedAt().compareTo(b.committedAt()));
        Snapshot current = table.currentSnapshot();
        return new Snapshots(id(namespace, name).toString(), current == null ? null : current.snapshotId(), out);
    }

    /** Rows as of an instant, or of a snapshot id, or (neither) of the current snapshot; at most {@code limit}. */
    public Rows rows(String namespace, String name, Instant asOf, Long snapshotId, int limit) {
        if (asOf != null && snapshotId != null) {
            throw Problem.badRequest("give asOf or snapshot, not both");
        }
        Table table = table(namespace, name);
        Snapshot snapshot = asOf != null ? asOf(table, asOf) : snapshotId != null ? byId(table, snapshotId) : table.currentSnapshot();
        Schema schema = snapshot == null ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
        List<Column> columns = schema.columns().stream().map(f -> new Column(f.name(), f.type().toString())).toList();
        if (snapshot == null) {
            return new Rows(id(namespace, name).toString(), null, null, limit, false, columns, List.of());
        }
        List<Map<String, Object>> rows = TableRows.read(table, snapshot.snapshotId(), Expressions.alwaysTrue(), limit + 1);
        boolean truncated = rows.size() > limit;
        return new Rows(id(namespace, name).toString(), asOf, info(snapshot), limit, truncated, columns,
                truncated ? rows.subList(0, limit) : rows);
    }

    private Table table(String namespace, String name) {
        return lake.load(id(namespace, name)).orElseThrow(() -> Problem.notFound("no table " + namespace + "." + name
                + " in the lake's catalog (GET /api/lake/tables lists them)"));
    }

    private static TableIdentifier id(String namespace, String name) {
        return TableIdentifier.of(namespace, name);
    }

    private static Snapshot asOf(Table table, Instant asOf) {
        Snapshot found = null;
        // The snapshot log, not the snapshots' own times: it also knows about rollbacks.
        for (var entry : table.history()) {
            if (entry.timestampMillis() <= asOf.toEpochMilli()) {
                found = table.snapshot(entry.snapshotId());
            }
        }
        if (found == null) {
            Snapshot oldest = SnapshotUtil.oldestAncestor(table);
            throw Problem.notFound("no snapshot of " + table.name() + " at or before " + asOf + (oldest == null ? " (it has no commit yet)"
                    : "; the oldest retained one was committed at " + Instant.ofEpochMilli(oldest.timestampMillis())));
        }
        return found;
    }

    private static Snapshot byId(Table table, long snapshotId) {
        Snapshot snapshot = table.snapshot(snapshotId);
        if (snapshot == null) {
            throw Problem.notFound("snapshot " + snapshotId + " of " + table.name()
                    + " does not exist or has expired (GET .../snapshots lists the retained ones)");
        }
        return snapshot;
    }

    private static SnapshotInfo info(Snapshot snapshot) {
        Map<String, String> summary = snapshot.summary();
        return new SnapshotInfo(snapshot.snapshotId(), snapshot.parentId(), Instant.ofEpochMilli(snapshot.timestampMillis()),
                snapshot.operation(), number(summary, SnapshotSummary.ADDED_RECORDS_PROP),
                number(summary, SnapshotSummary.TOTAL_RECORDS_PROP), number(summary, SnapshotSummary.ADDED_FILES_PROP),
                number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP));
    }

    private static Long number(Map<String, String> summary, String key) {
        String value = summary == null ? null : summary.get(key);
        return value == null ? null : Long.valueOf(value);
    }
}
