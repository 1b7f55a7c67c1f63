package dev.lakehouse.spark.timetravel;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.streaming.SqlLiterals;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * "What did table X say at time T" (or at snapshot S), and which snapshots there are to ask about, through Spark
 * SQL. Spark's {@code TIMESTAMP AS OF} picks the snapshot by the table's snapshot log, the rule the platform API's
 * {@code contracts.lake.TimeTravel} implements on the Iceberg API.
 */
public final class SparkTimeTravel {
    private SparkTimeTravel() {}

    public static String qualified(String table) {
        return table.startsWith(CatalogSettings.CATALOG_NAME + ".")
                ? table
                : CatalogSettings.CATALOG_NAME + "." + table;
    }

    public static Dataset<Row> asOf(SparkSession spark, String table, Instant at) {
        try {
            return spark.sql("SELECT * FROM " + qualified(table) + " TIMESTAMP AS OF " + SqlLiterals.timestamp(at));
        } catch (RuntimeException e) {
            throw explain(e, table, "time " + at);
        }
    }

    public static Dataset<Row> atSnapshot(SparkSession spark, String table, long snapshotId) {
        try {
            return spark.sql("SELECT * FROM " + qualified(table) + " VERSION AS OF " + snapshotId);
        } catch (RuntimeException e) {
            throw explain(e, table, "snapshot " + snapshotId);
        }
    }

    /** Snapshots still held (expired ones cannot be travelled to), oldest first. */
    public static Dataset<Row> snapshots(SparkSession spark, String table) {
        return spark.sql("SELECT committed_at, snapshot_id, parent_id, operation, "
                + "summary['added-records'] AS added_records, summary['total-records'] AS total_records, "
                + "summary['lakehouse.writer-id'] AS writer, summary['lakehouse.batch-id'] AS batch "
                + "FROM " + qualified(table) + ".snapshots ORDER BY committed_at");
    }

    private static RuntimeException explain(RuntimeException e, String table, String when) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Cannot find a snapshot older than")
                || m.contains("Cannot find snapshot with ID")
                || m.contains("older than")) {
            return new ConfigException(table + " has no snapshot for " + when + " (before its first retained snapshot, "
                    + "or expired); list them with: query --table " + table + " --snapshots");
        }
        if (m.contains("TABLE_OR_VIEW_NOT_FOUND") || m.contains("cannot be found")) {
            return new ConfigException("table " + qualified(table) + " does not exist in the configured catalog");
        }
        return e;
    }
}
