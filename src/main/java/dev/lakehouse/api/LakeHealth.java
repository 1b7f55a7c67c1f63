package dev.lakehouse.api;

import dev.lakehouse.lake.LakeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/** Per table of the lake: size and freshness from Iceberg metadata alone (no data file is opened). */
@ApplicationScoped
public class LakeHealth {

    /** One table; {@code lastCommit} and {@code freshnessSeconds} are null before its first commit. */
    public record TableHealth(String table, String layer, long rows, long dataFiles, int snapshots, Long currentSnapshotId,
                              Instant lastCommit, Double freshnessSeconds) {
    }

    public record Tables(Instant checkedAt, List<TableHealth> tables) {
    }

    /** The newest commit of any table of a layer. */
    public record LayerFreshness(String layer, String table, Instant lastCommit, Double freshnessSeconds) {
    }

    private final LakeCatalog lake;
    private final Clock clock;

    LakeHealth(LakeCatalog lake) {
        this.lake = lake;
        this.clock = Clock.systemUTC();
    }

    public Tables tables() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<TableHealth> out = new ArrayList<>();
        for (TableIdentifier id : lake.tables()) {
            lake.load(id).ifPresent(table -> out.add(health(id, table, now)));
        }
        return new Tables(now, out);
    }

    /** Per layer, the table committed to last: how far behind the layer is. */
    public List<LayerFreshness> layers(Tables tables) {
        List<LayerFreshness> out = new ArrayList<>();
        for (String layer : LakeCatalog.LAYERS) {
            Optional<TableHealth> newest = tables.tables().stream()
                    .filter(t -> t.layer().equals(layer) && t.lastCommit() != null)
                    .max((a, b) -> a.lastCommit().compareTo(b.lastCommit()));
            out.add(newest.map(t -> new LayerFreshness(layer, t.table(), t.lastCommit(), t.freshnessSeconds()))
                    .orElse(new LayerFreshness(layer, null, null, null)));
        }
        return out;
    }

    private static TableHealth health(TableIdentifier id, Table table, Instant now) {
        Snapshot current = table.currentSnapshot();
        int snapshots = 0;
        for (Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        if (current == null) {
            return new TableHealth(id.toString(), id.namespace().level(0), 0, 0, snapshots, null, null, null);
        }
        Map<String, String> summary = current.summary();
        Instant committed = Instant.ofEpochMilli(current.timestampMillis());
        return new TableHealth(id.toString(), id.namespace().level(0), count(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                count(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP), snapshots, current.snapshotId(), committed,
                seconds(Duration.between(committed, now)));
    }

    private static long count(Map<String, String> summary, String key) {
        String value = summary == null ? null : summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Seconds with millisecond precision. */
    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
