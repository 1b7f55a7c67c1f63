package dev.lakehouse.api;

import dev.lakehouse.lake.LakeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.jboss.logging.Logger;

/** Per table of the lake: size and freshness from Iceberg metadata alone (no data file is opened). */
@ApplicationScoped
public class LakeHealth {

    private static final Logger LOG = Logger.getLogger(LakeHealth.class);

    /**
     * One table; {@code lastCommit} and {@code freshnessSeconds} are null before its first commit.
     * {@code newestEventTime}: the newest value of the table's time column in the files its last commit added
     * (silver: the newest event the lake shows), from column statistics. {@code error}: why this one table could not
     * be read (its other fields are then empty); null when it was read.
     */
    public record TableHealth(
            String table,
            String layer,
            long rows,
            long dataFiles,
            int snapshots,
            Long currentSnapshotId,
            Instant lastCommit,
            Double freshnessSeconds,
            Instant newestEventTime,
            String error) {

        static TableHealth unreadable(TableIdentifier id, String error) {
            return new TableHealth(id.toString(), id.namespace().level(0), 0, 0, 0, null, null, null, null, error);
        }
    }

    public record Tables(Instant checkedAt, List<TableHealth> tables) {}

    /** The newest commit of any table of a layer. */
    public record LayerFreshness(String layer, String table, Instant lastCommit, Double freshnessSeconds) {}

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
            // One table whose metadata cannot be read (a lost file, a corrupt manifest) is reported as such; it must
            // not take the health of every other table down with it.
            try {
                lake.load(id).ifPresent(table -> out.add(health(id, table, now)));
            } catch (RuntimeException e) {
                // The cause names files and paths: it goes to the log, not to whoever calls the API.
                LOG.warnf(e, "Lake health: %s cannot be read", id);
                out.add(TableHealth.unreadable(id, "its metadata cannot be read; the platform's log has the cause"));
            }
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
            return new TableHealth(
                    id.toString(), id.namespace().level(0), 0, 0, snapshots, null, null, null, null, null);
        }
        Map<String, String> summary = current.summary();
        Instant committed = Instant.ofEpochMilli(current.timestampMillis());
        return new TableHealth(
                id.toString(),
                id.namespace().level(0),
                count(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                count(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
                snapshots,
                current.snapshotId(),
                committed,
                seconds(Duration.between(committed, now)),
                newestEventTime(table, current),
                null);
    }

    /** The time columns of the lake's tables, by preference. */
    private static final List<String> TIME_COLUMNS =
            List.of("event_time", "minute", "window_start", "hour", "last_seen");

    /** Reads only the last commit's manifests: cheap enough for every dashboard refresh. */
    private static Instant newestEventTime(Table table, Snapshot current) {
        Types.NestedField column = TIME_COLUMNS.stream()
                .map(c -> table.schema().findField(c))
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
        if (column == null || column.type().typeId() != Type.TypeID.TIMESTAMP) {
            return null;
        }
        Long newest = null;
        for (DataFile file : current.addedDataFiles(table.io())) {
            ByteBuffer upper =
                    file.upperBounds() == null ? null : file.upperBounds().get(column.fieldId());
            if (upper != null) {
                long micros = Conversions.<Long>fromByteBuffer(column.type(), upper);
                newest = newest == null ? micros : Math.max(newest, micros);
            }
        }
        return newest == null ? null : Instant.EPOCH.plus(newest, ChronoUnit.MICROS);
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
