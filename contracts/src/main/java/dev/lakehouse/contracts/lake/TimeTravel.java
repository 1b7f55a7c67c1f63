package dev.lakehouse.contracts.lake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * "What did table X say at time T (or at snapshot S), and which snapshots are there to ask about", on the Iceberg
 * API both programs have: the platform API reads the rows itself, the Spark query command hands the snapshot id
 * to Spark. One implementation, so both answer "as of T" with the same snapshot and the same refusals.
 */
public final class TimeTravel {

    public record SnapshotInfo(
            long snapshotId,
            Long parentId,
            Instant committedAt,
            String operation,
            Long addedRecords,
            Long totalRecords,
            Long addedDataFiles,
            Long totalDataFiles) {}

    /** No snapshot for the time or id asked: before the first commit, or expired. The message says which. */
    public static final class NoSuchSnapshotException extends IllegalArgumentException {
        public NoSuchSnapshotException(String message) {
            super(message);
        }
    }

    private TimeTravel() {}

    /** The retained snapshots, oldest first (expired ones cannot be travelled to). */
    public static List<SnapshotInfo> snapshots(Table table) {
        List<SnapshotInfo> out = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
            out.add(info(snapshot));
        }
        out.sort(Comparator.comparing(SnapshotInfo::committedAt));
        return out;
    }

    /** The snapshot that was current at {@code asOf}. */
    public static Snapshot asOf(Table table, Instant asOf) {
        Snapshot found = null;
        // The snapshot log, not the snapshots' own times: it also knows about rollbacks.
        for (var entry : table.history()) {
            if (entry.timestampMillis() <= asOf.toEpochMilli()) {
                found = table.snapshot(entry.snapshotId());
            }
        }
        if (found == null) {
            Snapshot oldest = table.currentSnapshot() == null ? null : SnapshotUtil.oldestAncestor(table);
            throw new NoSuchSnapshotException("no snapshot of " + table.name() + " at or before " + asOf
                    + (oldest == null
                            ? " (it has no commit yet)"
                            : "; the oldest retained one was committed at "
                                    + Instant.ofEpochMilli(oldest.timestampMillis())));
        }
        return found;
    }

    public static Snapshot byId(Table table, long snapshotId) {
        Snapshot snapshot = table.snapshot(snapshotId);
        if (snapshot == null) {
            throw new NoSuchSnapshotException(
                    "snapshot " + snapshotId + " of " + table.name() + " does not exist or has expired");
        }
        return snapshot;
    }

    public static SnapshotInfo info(Snapshot snapshot) {
        Map<String, String> summary = snapshot.summary();
        return new SnapshotInfo(
                snapshot.snapshotId(),
                snapshot.parentId(),
                Instant.ofEpochMilli(snapshot.timestampMillis()),
                snapshot.operation(),
                number(summary, SnapshotSummary.ADDED_RECORDS_PROP),
                number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                number(summary, SnapshotSummary.ADDED_FILES_PROP),
                number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP));
    }

    private static Long number(Map<String, String> summary, String key) {
        String value = summary == null ? null : summary.get(key);
        return value == null ? null : Long.valueOf(value);
    }
}
