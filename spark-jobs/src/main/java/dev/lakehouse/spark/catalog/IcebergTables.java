package dev.lakehouse.spark.catalog;

import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;

/** An Iceberg table as Spark's catalog has it now (refreshed: streams commit to it concurrently). */
public final class IcebergTables {

    private IcebergTables() {}

    /** The table Spark resolves {@code name} to; a table that cannot be loaded fails with its name. */
    public static Table load(SparkSession spark, String name) {
        try {
            Table t = Spark3Util.loadIcebergTable(spark, name);
            t.refresh();
            return t;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load table " + name + ": " + e.getMessage(), e);
        }
    }
}
