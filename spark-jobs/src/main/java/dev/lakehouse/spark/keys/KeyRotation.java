package dev.lakehouse.spark.keys;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.config.ConfigException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Moves every keyed silver column to the ring's current key version: one {@code UPDATE} per table, in one Iceberg
 * commit that also records the new version ({@link TableKeyVersions}), so a table is either wholly under the old
 * version or wholly under the new one, and a rotation that stopped half-way resumes table by table. The streams
 * must be stopped (the launcher checks; a running silver stream refuses its next batch once a table moved on).
 */
public final class KeyRotation {
    public static final String ROTATED_FROM = "lakehouse.pii.rotated-from";
    private static final String REKEY_UDF = "pii_rekey_from_";

    private KeyRotation() {}

    /** What a rotation did: tables re-keyed and their rows. */
    public record Result(int tables, long rows) {}

    /** Re-keys {@code keyedColumns} (table -> token columns) to the ring's current version. */
    public static Result run(
            SparkSession spark, Map<String, List<String>> keyedColumns, KeyRing ring, PrintWriter out) {
        String target = KeyRing.id(ring.current());
        Map<String, String> props = new HashMap<>(TableKeyVersions.commitProperties(ring));
        int tables = 0;
        long rows = 0;
        for (Map.Entry<String, List<String>> e : keyedColumns.entrySet()) {
            String table = e.getKey();
            String qualified = CatalogSettings.CATALOG_NAME + "." + table;
            TableKeyVersions.State s = TableKeyVersions.of(spark, table);
            if (s.version() > ring.current()) {
                throw new ConfigException(table + " is under key " + KeyRing.id(s.version()) + ", newer than the key "
                        + "ring's " + target + ": this is an older copy of the ring");
            }
            if (s.version() == ring.current()) {
                out.printf("  %-22s already under %s%n", table, target);
            } else if (s.version() == 0) {
                out.printf("  %-22s no rows yet: its first tokens will be under %s%n", table, target);
            } else {
                long n = spark.table(qualified).count();
                out.printf(
                        "  %-22s %d rows, %s: %s -> %s ...%n",
                        table, n, String.join(", ", e.getValue()), KeyRing.id(s.version()), target);
                out.flush();
                long t0 = System.nanoTime();
                String udf = REKEY_UDF + s.version() + "_" + table.replace('.', '_');
                spark.udf().register(udf, new Rekey(ring, s.version()), DataTypes.StringType);
                String sets = e.getValue().stream()
                        .map(c -> c + " = " + udf + "(" + c + ")")
                        .collect(Collectors.joining(", "));
                Map<String, String> commit = new HashMap<>(props);
                commit.put(ROTATED_FROM, KeyRing.id(s.version()));
                CommitMetadata.withCommitProperties(
                        commit, () -> spark.sql("UPDATE " + qualified + " SET " + sets), RuntimeException.class);
                out.printf("  %-22s done in %.1f s%n", table, (System.nanoTime() - t0) / 1e9);
                tables++;
                rows += n;
            }
            // Outlives snapshot expiry; the commit above already made the version true.
            Map<String, String> now = TableKeyVersions.load(spark, table).properties();
            if (!target.equals(now.get(TableKeyVersions.KEY_ID))
                    || !props.get(TableKeyVersions.KEY_CHECK).equals(now.get(TableKeyVersions.KEY_CHECK))) {
                spark.sql("ALTER TABLE " + qualified + " SET TBLPROPERTIES ('" + TableKeyVersions.KEY_ID + "'='"
                        + target + "', '" + TableKeyVersions.KEY_CHECK + "'='" + props.get(TableKeyVersions.KEY_CHECK)
                        + "')");
            }
            out.flush();
        }
        return new Result(tables, rows);
    }

    /** old token -> the same value's token under the ring's current version. */
    static final class Rekey implements UDF1<String, String> {
        private final KeyRing ring;
        private final int from;
        private transient KeyRing.Tokenizer tokenizer;

        Rekey(KeyRing ring, int from) {
            this.ring = ring;
            this.from = from;
        }

        @Override
        public String call(String token) {
            if (tokenizer == null) {
                tokenizer = ring.tokenizer();
            }
            return tokenizer.rekey(token, from);
        }
    }
}
