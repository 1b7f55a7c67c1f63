package dev.lakehouse.spark.keys;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.catalog.IcebergTables;
import dev.lakehouse.spark.config.ConfigException;
import java.util.Collection;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * Which key version a silver table's tokens are under. Every commit that writes tokens (the silver stream's, a
 * rotation's) carries {@link #KEY_ID} and {@link #KEY_CHECK} in its snapshot summary, in the same commit as the
 * tokens, so the newest snapshot that carries them is the truth; a rotation also sets them as table properties,
 * which outlive snapshot expiry. A table with rows but neither is from before keys were versioned: version 1.
 * Which tables hold tokens is silver's knowledge ({@code PiiProtection.keyedColumns()}): callers pass them.
 */
public final class TableKeyVersions {
    public static final String KEY_ID = "lakehouse.pii.key-id";
    public static final String KEY_CHECK = "lakehouse.pii.key-check";
    /** Snapshots walked back from the current one; maintenance keeps far fewer. */
    private static final int LOOKBACK = 5_000;

    private TableKeyVersions() {}

    /** A table's key version: 0 when it holds no snapshot yet (any key will do); check null when unrecorded. */
    public record State(String table, int version, String check) {
        public String describe() {
            return version == 0 ? "no rows yet" : KeyRing.id(version) + (check == null ? "" : " (check " + check + ")");
        }
    }

    /** The snapshot properties of a commit that writes tokens under the ring's current version. */
    public static Map<String, String> commitProperties(KeyRing ring) {
        return Map.of(KEY_ID, KeyRing.id(ring.current()), KEY_CHECK, ring.check(ring.current()));
    }

    public static State of(SparkSession spark, String table) {
        Table t = load(spark, table);
        int seen = 0;
        for (Snapshot s = t.currentSnapshot(); s != null && seen < LOOKBACK; seen++) {
            String id = s.summary().get(KEY_ID);
            if (id != null) {
                return new State(table, parse(id, table), s.summary().get(KEY_CHECK));
            }
            s = s.parentId() == null ? null : t.snapshot(s.parentId());
        }
        String id = t.properties().get(KEY_ID);
        if (id != null) {
            return new State(table, parse(id, table), t.properties().get(KEY_CHECK));
        }
        return new State(table, t.currentSnapshot() == null ? 0 : 1, null);
    }

    /**
     * Refuses to write tokens when a keyed table is under another version than the ring's current one, or under the
     * same version id with a different key: mixed tokens would silently break every join on them.
     */
    public static void requireCurrent(SparkSession spark, Collection<String> tables, KeyRing ring, String source) {
        for (String table : tables) {
            State s = of(spark, table);
            String current = KeyRing.id(ring.current());
            if (s.version() == 0) {
                continue;
            }
            if (s.version() < ring.current()) {
                throw new ConfigException(table + " holds tokens under key " + KeyRing.id(s.version())
                        + ", the key ring (" + source + ") is at " + current + ": finish the rotation first "
                        + "(./lakehouse keys rotate, or lakehouse-jobs keys rotate)");
            }
            if (s.version() > ring.current()) {
                throw new ConfigException(table + " holds tokens under key " + KeyRing.id(s.version())
                        + ", but the key ring (" + source + ") ends at " + current
                        + ": this is an older copy of the ring; use the one the rotation wrote");
            }
            requireSameKey(s, ring, source);
        }
    }

    /**
     * For a rotation: each keyed table may be behind the ring (that is what it re-keys) but never ahead of it, and
     * its version's key must be the ring's.
     */
    public static void requireCurrentOrBehind(
            SparkSession spark, Collection<String> tables, KeyRing ring, String source) {
        for (String table : tables) {
            State s = of(spark, table);
            if (s.version() > ring.current()) {
                throw new ConfigException(table + " holds tokens under key " + KeyRing.id(s.version())
                        + ", but the key ring (" + source + ") ends at " + KeyRing.id(ring.current())
                        + ": this is an older copy of the ring; use the one the rotation wrote");
            }
            if (s.version() > 0) {
                requireSameKey(s, ring, source);
            }
        }
    }

    private static void requireSameKey(State s, KeyRing ring, String source) {
        if (s.check() != null && !s.check().equals(ring.check(s.version()))) {
            throw new ConfigException(s.table() + " holds tokens under a different key " + KeyRing.id(s.version())
                    + " than the key ring (" + source + ") has (key check " + s.check() + " vs "
                    + ring.check(s.version()) + "): a replaced or lost key store? Restore it (docs/security.md)");
        }
    }

    private static int parse(String id, String table) {
        if (!id.matches("v\\d+")) {
            throw new IllegalStateException(table + " records the key id '" + id + "', not v<n>");
        }
        return Integer.parseInt(id.substring(1));
    }

    static Table load(SparkSession spark, String table) {
        return IcebergTables.load(spark, CatalogSettings.CATALOG_NAME + "." + table);
    }
}
