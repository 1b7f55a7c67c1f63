package dev.lakehouse.api;

import dev.lakehouse.contracts.lake.TimeTravel;
import dev.lakehouse.contracts.lake.TimeTravel.SnapshotInfo;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A table's retained snapshots, and its rows as of one of them, for the API. Which snapshot answers "as of T" is
 * the shared {@link TimeTravel}'s (the Spark query command uses the same).
 */
@ApplicationScoped
public class TableHistory {

    public record Snapshots(String table, Long currentSnapshotId, List<SnapshotInfo> snapshots) {}

    public record Column(String name, String type) {}

    /** {@code snapshot} is null only for a table that has no commit yet (and no time was asked for). */
    public record Rows(
            String table,
            Instant asOf,
            SnapshotInfo snapshot,
            int limit,
            boolean truncated,
            List<Column> columns,
            List<Map<String, Object>> rows) {}

    private final LakeCatalog lake;

    TableHistory(LakeCatalog lake) {
        this.lake = lake;
    }

    public Snapshots snapshots(String namespace, String name) {
        Table table = table(namespace, name);
        Snapshot current = table.currentSnapshot();
        return new Snapshots(
                id(namespace, name).toString(),
                current == null ? null : current.snapshotId(),
                TimeTravel.snapshots(table));
    }

    /** Rows as of an instant, or of a snapshot id, or (neither) of the current snapshot; at most {@code limit}. */
    public Rows rows(String namespace, String name, Instant asOf, Long snapshotId, int limit) {
        if (asOf != null && snapshotId != null) {
            throw Problem.badRequest("give asOf or snapshot, not both");
        }
        Table table = table(namespace, name);
        Snapshot snapshot;
        try {
            snapshot = asOf != null
                    ? TimeTravel.asOf(table, asOf)
                    : snapshotId != null ? TimeTravel.byId(table, snapshotId) : table.currentSnapshot();
        } catch (TimeTravel.NoSuchSnapshotException e) {
            throw Problem.notFound(
                    e.getMessage() + (snapshotId != null ? " (GET .../snapshots lists the retained ones)" : ""));
        }
        Schema schema = snapshot == null ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
        List<Column> columns = schema.columns().stream()
                .map(f -> new Column(f.name(), f.type().toString()))
                .toList();
        if (snapshot == null) {
            return new Rows(id(namespace, name).toString(), null, null, limit, false, columns, List.of());
        }
        List<Map<String, Object>> rows =
                TableRows.read(table, snapshot.snapshotId(), Expressions.alwaysTrue(), limit + 1);
        boolean truncated = rows.size() > limit;
        return new Rows(
                id(namespace, name).toString(),
                asOf,
                TimeTravel.info(snapshot),
                limit,
                truncated,
                columns,
                truncated ? rows.subList(0, limit) : rows);
    }

    private Table table(String namespace, String name) {
        return lake.load(id(namespace, name))
                .orElseThrow(() -> Problem.notFound("no table " + namespace + "." + name
                        + " in the lake's catalog (GET /api/lake/tables lists them)"));
    }

    private static TableIdentifier id(String namespace, String name) {
        return TableIdentifier.of(namespace, name);
    }
}
