package dev.lakehouse.spark.catalog;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link TableSpec}s idempotently: creates what is missing, adds new columns, sets changed properties
 * and the write order. It never drops or retypes a column: schema changes are additive only.
 */
public final class TableDefinitions {
    private static final Logger LOG = LoggerFactory.getLogger(TableDefinitions.class);

    private TableDefinitions() {}

    public static void applyAll(SparkSession spark) {
        apply(spark, LakeTables.all());
    }

    /** Returns the changes made, one line each (empty when everything was already in place). */
    public static List<String> apply(SparkSession spark, List<TableSpec> specs) {
        List<String> changes = new ArrayList<>();
        specs.stream()
                .map(TableSpec::namespace)
                .distinct()
                .forEach(ns -> spark.sql("CREATE NAMESPACE IF NOT EXISTS " + CatalogSettings.CATALOG_NAME + "." + ns));
        for (TableSpec spec : specs) {
            Table table = load(spark, spec.qualified());
            if (table == null) {
                create(spark, spec);
                changes.add("created " + spec.qualified());
            } else {
                changes.addAll(evolve(spark, spec, table));
            }
        }
        changes.forEach(c -> LOG.info("DDL: {}", c));
        return changes;
    }

    private static Table load(SparkSession spark, String name) {
        try {
            Table t = Spark3Util.loadIcebergTable(spark, name);
            t.refresh();
            return t;
        } catch (NoSuchTableException e) {
            return null;
        } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void create(SparkSession spark, TableSpec spec) {
        String columns =
                spec.columns().stream().map(TableDefinitions::columnDdl).collect(Collectors.joining(",\n  "));
        String partition =
                spec.partitionBy().isEmpty() ? "" : "\nPARTITIONED BY (" + String.join(", ", spec.partitionBy()) + ")";
        String props = spec.properties().entrySet().stream()
                .map(e -> "'" + e.getKey() + "'='" + e.getValue() + "'")
                .collect(Collectors.joining(", "));
        spark.sql("CREATE TABLE IF NOT EXISTS " + spec.qualified() + " (\n  " + columns + "\n) USING iceberg"
                + partition + "\nTBLPROPERTIES (" + props + ")");
        if (!spec.writeOrder().isEmpty()) {
            spark.sql("ALTER TABLE " + spec.qualified() + " WRITE ORDERED BY " + String.join(", ", spec.writeOrder()));
        }
    }

    private static String columnDdl(TableSpec.Column c) {
        return "`" + c.name() + "` " + c.type()
                + (c.comment() == null ? "" : " COMMENT '" + c.comment().replace("'", "\\'") + "'");
    }

    private static List<String> evolve(SparkSession spark, TableSpec spec, Table table) {
        List<String> changes = new ArrayList<>();
        for (TableSpec.Column c : spec.columns()) {
            if (table.schema().findField(c.name()) == null) {
                spark.sql("ALTER TABLE " + spec.qualified() + " ADD COLUMN " + columnDdl(c));
                changes.add("added column " + spec.qualified() + "." + c.name() + " " + c.type());
            }
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : spec.properties().entrySet()) {
            if (!e.getValue().equals(table.properties().get(e.getKey()))
                    && !e.getKey().equals("format-version")) {
                changed.add("'" + e.getKey() + "'='" + e.getValue() + "'");
            }
        }
        if (!changed.isEmpty()) {
            spark.sql("ALTER TABLE " + spec.qualified() + " SET TBLPROPERTIES (" + String.join(", ", changed) + ")");
            changes.add("set properties on " + spec.qualified() + ": " + String.join(", ", changed));
        }
        List<String> order = table.sortOrder().fields().stream()
                .map(SortField::sourceId)
                .map(id -> table.schema().findColumnName(id))
                .toList();
        if (!spec.writeOrder().isEmpty() && !order.equals(spec.writeOrder())) {
            spark.sql("ALTER TABLE " + spec.qualified() + " WRITE ORDERED BY " + String.join(", ", spec.writeOrder()));
            changes.add("write order of " + spec.qualified() + " = " + spec.writeOrder());
        }
        return changes;
    }
}
