package dev.lakehouse.audit;

import static org.apache.iceberg.types.Types.NestedField.optional;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.lake.RowFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * {@code audit.api_events}: created from its spec in {@link LakeTables#audit()} and appended with exactly-once
 * bookkeeping. The table itself records how far it has copied the topic: the next offset per partition, in the table
 * property {@value #OFFSETS}, set in the same Iceberg transaction as the batch's files. A commit is fenced: it fails
 * when anyone added data since the snapshot the batch started from, so two writers (or a writer that lost track)
 * never both commit the same records; the loser re-reads the offsets from the table and carries on from there.
 */
final class AuditTable {

    /** Table property: "partition=next offset,..." of the audit topic, as of the table's current snapshot. */
    static final String OFFSETS = "lakehouse.audit.topic-offsets";

    private static final Pattern DAYS = Pattern.compile("days\\((\\w+)\\)");

    private AuditTable() {}

    static TableSpec spec() {
        return LakeTables.audit().stream()
                .filter(t -> t.name().equals(LakeTables.AUDIT_API_EVENTS))
                .findFirst()
                .orElseThrow();
    }

    /** The table, created (with its namespace) when it does not exist yet. */
    static Table ensure(Catalog catalog) {
        TableSpec spec = spec();
        TableIdentifier id = TableIdentifier.parse(spec.name());
        if (catalog.tableExists(id)) {
            return catalog.loadTable(id);
        }
        if (catalog instanceof SupportsNamespaces namespaces
                && !namespaces.namespaceExists(Namespace.of(spec.namespace()))) {
            try {
                namespaces.createNamespace(Namespace.of(spec.namespace()));
            } catch (AlreadyExistsException e) {
                // another writer was first
            }
        }
        Schema schema = schema(spec);
        PartitionSpec.Builder partitioning = PartitionSpec.builderFor(schema);
        for (String transform : spec.partitionBy()) {
            Matcher days = DAYS.matcher(transform);
            if (!days.matches()) {
                throw new IllegalStateException("the audit writer knows days(column) partitions only: " + transform);
            }
            partitioning.day(days.group(1));
        }
        try {
            return catalog.createTable(id, schema, partitioning.build(), spec.properties());
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(id);
        }
    }

    /** The spec's Spark SQL types as Iceberg types (TIMESTAMP is Spark's, i.e. with time zone). */
    static Schema schema(TableSpec spec) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (TableSpec.Column column : spec.columns()) {
            fields.add(optional(id++, column.name(), type(column.type()), column.comment()));
        }
        return new Schema(fields);
    }

    private static Type type(String sparkType) {
        return switch (sparkType) {
            case "STRING" -> Types.StringType.get();
            case "INT" -> Types.IntegerType.get();
            case "BIGINT" -> Types.LongType.get();
            case "BOOLEAN" -> Types.BooleanType.get();
            case "TIMESTAMP" -> Types.TimestampType.withZone();
            default -> throw new IllegalStateException("the audit writer does not know the type " + sparkType);
        };
    }

    /** Next offset per partition that the table holds everything before. */
    static Map<Integer, Long> offsets(Table table) {
        Map<Integer, Long> offsets = new TreeMap<>();
        String value = table.properties().get(OFFSETS);
        if (value == null || value.isBlank()) {
            return offsets;
        }
        for (String pair : value.split(",")) {
            String[] parts = pair.split("=");
            offsets.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
        }
        return offsets;
    }

    private static String encode(Map<Integer, Long> offsets) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(offsets)
                .forEach((p, o) -> out.append(out.isEmpty() ? "" : ",")
                        .append(p)
                        .append('=')
                        .append(o));
        return out.toString();
    }

    /**
     * Appends the rows and moves the offsets from {@code from} to {@code to} in one commit. Throws (Iceberg's
     * ValidationException or CommitFailedException, or {@link IllegalStateException}) when the table is no longer at
     * {@code from}: nothing is committed then.
     */
    static void append(Table table, List<Map<String, Object>> rows, Map<Integer, Long> from, Map<Integer, Long> to) {
        table.refresh();
        if (!offsets(table).equals(from)) {
            throw new IllegalStateException("another writer moved the audit table's offsets to " + offsets(table));
        }
        Snapshot base = table.currentSnapshot();
        List<DataFile> files = RowFiles.write(table, rows);
        Transaction transaction = table.newTransaction();
        OverwriteFiles append = transaction.newOverwrite();
        files.forEach(append::addFile);
        if (base != null) {
            append.validateFromSnapshot(base.snapshotId());
        }
        append.conflictDetectionFilter(Expressions.alwaysTrue()).validateNoConflictingData();
        append.set("lakehouse.audit.offsets", encode(to));
        append.commit();
        transaction.updateProperties().set(OFFSETS, encode(to)).commit();
        transaction.commitTransaction();
    }
}
