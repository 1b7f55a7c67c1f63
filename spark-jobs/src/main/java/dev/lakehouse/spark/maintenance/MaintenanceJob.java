package dev.lakehouse.spark.maintenance;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.spark.catalog.IcebergTables;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.Durations;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.streaming.BatchCommits;
import dev.lakehouse.spark.streaming.SqlLiterals;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction, manifest rewrite, snapshot expiry and orphan removal for each table, safe to run while the streams
 * write: compaction commits per file group with retries, and expiry keeps every snapshot from the latest commit
 * of each stream writer onwards, which is what a restarted stream reads to skip a replayed batch.
 */
public final class MaintenanceJob {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);
    public static final String MAX_SNAPSHOT_AGE = LakehouseConfig.MAINTENANCE_MAX_SNAPSHOT_AGE;
    public static final String MIN_SNAPSHOTS = LakehouseConfig.MAINTENANCE_MIN_SNAPSHOTS;
    public static final String ORPHAN_AGE = LakehouseConfig.MAINTENANCE_ORPHAN_AGE;
    /** GDPR's one month for erasure: no snapshot, whatever the settings, is kept longer. */
    public static final Duration GDPR_LIMIT = Duration.ofDays(30);

    public static final String ATTEMPTS = LakehouseConfig.MAINTENANCE_ATTEMPTS;

    private final SparkSession spark;
    private final LakehouseConfig config;

    public MaintenanceJob(SparkSession spark, LakehouseConfig config) {
        this.spark = spark;
        this.config = config;
        String override = config.get(MAX_SNAPSHOT_AGE, null);
        if (override != null) {
            requireWithinLimit(MAX_SNAPSHOT_AGE, Durations.parse(MAX_SNAPSHOT_AGE, override));
        }
    }

    /** No snapshot may be kept past a month: an erased customer's deleted rows would outlive GDPR's limit in it. */
    private static void requireWithinLimit(String setting, Duration maxAge) {
        if (maxAge.compareTo(GDPR_LIMIT) > 0) {
            throw new ConfigException(setting + " = " + maxAge.toDays() + " days keeps snapshots longer than "
                    + GDPR_LIMIT.toDays() + " days: an erased customer's rows would outlive GDPR's one-month limit in "
                    + "them; choose at most " + GDPR_LIMIT.toDays() + " days (docs/privacy.md)");
        }
    }

    public List<MaintenanceReport> run(List<TableSpec> tables) {
        List<MaintenanceReport> reports = new ArrayList<>();
        for (TableSpec spec : tables) {
            reports.add(maintain(spec));
        }
        return reports;
    }

    MaintenanceReport maintain(TableSpec spec) {
        String name = spec.qualified();
        String ident = spec.name();
        MaintenanceReport r = new MaintenanceReport(name);
        long[] before = files(name);
        r.filesBefore = before[0];
        r.bytesBefore = before[1];
        r.snapshotsBefore = snapshotCount(name);

        boolean sorted = !spec.writeOrder().isEmpty();
        Row compaction = withRetries(
                "rewrite_data_files " + name,
                () -> spark.sql("CALL " + CatalogSettings.CATALOG_NAME
                                + ".system.rewrite_data_files(table => '" + ident + "', strategy => '"
                                + (sorted ? "sort" : "binpack")
                                + "', options => map('min-input-files', '2', 'partial-progress.enabled', 'true', "
                                + "'partial-progress.max-commits', '10'))")
                        .first());
        r.rewrittenFiles = compaction.getInt(0);
        r.addedFiles = compaction.getInt(1);
        r.rewrittenBytes = compaction.getLong(2);

        Row manifests = withRetries(
                "rewrite_manifests " + name,
                () -> spark.sql("CALL " + CatalogSettings.CATALOG_NAME + ".system.rewrite_manifests('" + ident + "')")
                        .first());
        r.manifestsRewritten = manifests.getInt(0);

        Instant olderThan = expiryBoundary(name);
        int retainLast = retainLast(name);
        Row expired = withRetries(
                "expire_snapshots " + name,
                () -> spark.sql("CALL " + CatalogSettings.CATALOG_NAME
                                + ".system.expire_snapshots(table => '" + ident + "', older_than => "
                                + SqlLiterals.timestamp(olderThan)
                                + ", retain_last => " + retainLast + ")")
                        .first());
        r.deletedDataFiles = expired.getLong(0) + expired.getLong(1) + expired.getLong(2);
        Instant limit = Instant.now().minus(GDPR_LIMIT);
        Timestamp oldest = spark.sql("SELECT min(committed_at) FROM " + name + ".snapshots")
                .first()
                .getTimestamp(0);
        if (oldest != null && oldest.toInstant().isBefore(limit)) {
            // min-snapshots-to-keep never holds a snapshot past a month: an erased customer's rows would outlive it.
            Row capped = withRetries(
                    "expire_snapshots " + name + " (one-month limit)",
                    () -> spark.sql("CALL " + CatalogSettings.CATALOG_NAME
                                    + ".system.expire_snapshots(table => '" + ident + "', older_than => "
                                    + SqlLiterals.timestamp(limit) + ", retain_last => 1)")
                            .first());
            r.deletedDataFiles += capped.getLong(0) + capped.getLong(1) + capped.getLong(2);
        }
        r.snapshotsAfter = snapshotCount(name);
        r.snapshotsExpired = Math.max(
                0,
                r.snapshotsBefore
                        + (r.rewrittenFiles > 0 ? 1 : 0)
                        + (r.manifestsRewritten > 0 ? 1 : 0)
                        - r.snapshotsAfter);

        Duration orphanAge = Durations.parse(ORPHAN_AGE, config.get(ORPHAN_AGE, "3 days"));
        List<Row> orphans = spark.sql("CALL " + CatalogSettings.CATALOG_NAME + ".system.remove_orphan_files(table => '"
                        + ident + "', older_than => "
                        + SqlLiterals.timestamp(Instant.now().minus(orphanAge)) + ")")
                .collectAsList();
        r.orphansRemoved = orphans.size();

        long[] after = files(name);
        r.filesAfter = after[0];
        r.bytesAfter = after[1];
        LOG.info("{}", r);
        return r;
    }

    /**
     * now - max age (layer retention from the table's {@code history.expire.max-snapshot-age-ms}, or the override),
     * but never later than the latest commit of any stream writer seen in the table's recent history.
     */
    Instant expiryBoundary(String name) {
        Table t = load(name);
        String override = config.get(MAX_SNAPSHOT_AGE, null);
        Duration maxAge = override != null
                ? Durations.parse(MAX_SNAPSHOT_AGE, override)
                : Duration.ofMillis(Long.parseLong(t.properties()
                        .getOrDefault(
                                "history.expire.max-snapshot-age-ms",
                                String.valueOf(Duration.ofDays(5).toMillis()))));
        requireWithinLimit(
                override != null ? MAX_SNAPSHOT_AGE : name + "'s history.expire.max-snapshot-age-ms", maxAge);
        Instant boundary = Instant.now().minus(maxAge);
        Set<String> writers = new HashSet<>();
        for (Snapshot s = t.currentSnapshot(); s != null; s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
            String writer = s.summary().get(BatchCommits.WRITER_ID);
            if (writer != null && writers.add(writer)) {
                Instant committed = Instant.ofEpochMilli(s.timestampMillis());
                if (committed.isBefore(boundary)) {
                    boundary = committed;
                }
            }
        }
        // A writer's last commit is kept for exactly-once, but not past the one-month limit (a writer gone for good).
        Instant limit = Instant.now().minus(GDPR_LIMIT);
        return boundary.isBefore(limit) ? limit : boundary;
    }

    private int retainLast(String name) {
        String override = config.get(MIN_SNAPSHOTS, null);
        if (override != null) {
            return Integer.parseInt(override);
        }
        return Integer.parseInt(load(name).properties().getOrDefault("history.expire.min-snapshots-to-keep", "1"));
    }

    private long[] files(String name) {
        Row r = spark.sql("SELECT count(*), coalesce(sum(file_size_in_bytes), 0) FROM " + name + ".data_files")
                .first();
        return new long[] {r.getLong(0), r.getLong(1)};
    }

    private long snapshotCount(String name) {
        return spark.sql("SELECT count(*) FROM " + name + ".snapshots").first().getLong(0);
    }

    private Table load(String name) {
        return IcebergTables.load(spark, name);
    }

    /** Streams commit concurrently; a conflicting maintenance commit is retried on fresh metadata. */
    private <T> T withRetries(String what, java.util.function.Supplier<T> action) {
        int attempts = Integer.parseInt(config.get(ATTEMPTS, "4"));
        RuntimeException last = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("{} failed (attempt {}/{}): {}", what, i, attempts, e.getMessage());
                try {
                    Thread.sleep(500L * i);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }
}
