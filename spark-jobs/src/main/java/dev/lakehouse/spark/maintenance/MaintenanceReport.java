package dev.lakehouse.spark.maintenance;

/** What maintenance did to one table; printed one line per table. */
public final class MaintenanceReport {
    public final String table;
    public long filesBefore;
    public long filesAfter;
    public long bytesBefore;
    public long bytesAfter;
    public int rewrittenFiles;
    public int addedFiles;
    public long rewrittenBytes;
    public int manifestsRewritten;
    public long snapshotsBefore;
    public long snapshotsAfter;
    public long snapshotsExpired;
    public long deletedDataFiles;
    public long orphansRemoved;

    MaintenanceReport(String table) {
        this.table = table;
    }

    public static String header() {
        return String.format(
                "%-32s %12s %16s %10s %12s %16s %8s",
                "table", "files", "bytes", "rewritten", "manifests", "snapshots", "orphans");
    }

    @Override
    public String toString() {
        return String.format(
                "%-32s %5d -> %-4d %7d -> %-7d %4d -> %-3d %12d %5d -> %-3d(-%d) %6d",
                table,
                filesBefore,
                filesAfter,
                bytesBefore,
                bytesAfter,
                rewrittenFiles,
                addedFiles,
                manifestsRewritten,
                snapshotsBefore,
                snapshotsAfter,
                snapshotsExpired,
                orphansRemoved);
    }
}
