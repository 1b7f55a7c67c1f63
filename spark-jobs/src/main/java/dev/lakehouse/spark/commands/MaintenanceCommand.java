package dev.lakehouse.spark.commands;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.maintenance.MaintenanceJob;
import dev.lakehouse.spark.maintenance.MaintenanceReport;
import dev.lakehouse.spark.privacy.ErasureJob;
import dev.lakehouse.spark.privacy.ErasureReport;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code maintain} sub-command: one pass over the chosen layers, meant for a scheduler (cron, Airflow, Dagster). */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description =
                "One erasure pass (as 'erase'), then compact data files, rewrite manifests, expire snapshots "
                        + "(per-layer retention, never older than 30 days) and remove orphan files; safe while the streams run.")
public final class MaintenanceCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(
            names = "--layer",
            defaultValue = "bronze,silver,gold,privacy,ml",
            description = "layers to maintain (default ${DEFAULT-VALUE})")
    List<String> layers;

    @Option(names = "--table", description = "only these tables, e.g. silver.orders; repeatable")
    List<String> tables;

    @Override
    public Integer call() {
        LakehouseConfig config = options.load();
        CatalogPreflight.check(config);
        SparkSession spark = SparkSessions.create(config, "lakehouse-maintain");
        TableDefinitions.applyAll(spark);
        List<String> wanted = layers.stream()
                .flatMap(l -> List.of(l.split(",")).stream())
                .map(String::trim)
                .toList();
        List<TableSpec> chosen = LakeTables.all().stream()
                .filter(t -> tables == null ? wanted.contains(t.namespace()) : tables.contains(t.name()))
                .toList();
        if (chosen.isEmpty()) {
            throw new ConfigException(
                    "no table matches --layer " + layers + (tables == null ? "" : " --table " + tables));
        }
        // Erasure first: its deletes are then compacted, and the snapshots from before them expire on this schedule.
        PrintWriter out = new PrintWriter(System.out, true);
        ErasureReport.print(new ErasureJob(spark, DataKeys.open(config.subjectKeys())).run(), out);
        System.out.println(MaintenanceReport.header());
        new MaintenanceJob(spark, config).run(chosen).forEach(System.out::println);
        return 0;
    }
}
