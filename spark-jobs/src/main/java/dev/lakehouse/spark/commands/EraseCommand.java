package dev.lakehouse.spark.commands;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.privacy.ErasureJob;
import dev.lakehouse.spark.privacy.ErasureReport;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The {@code erase} sub-command: one erasure pass (docs/privacy.md); {@code maintain} runs one first, too. */
@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        description = "GDPR erasure: for every erasure request silver received (late ones included), shred the "
                + "customer's data keys, delete its rows from silver, gold and the warehouse (order facts stay, "
                + "without the customer), and report each request's state per layer; safe while the streams run.")
public final class EraseCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LakehouseConfig config = options.load();
        CatalogPreflight.check(config);
        DataKeys keys = DataKeys.open(config.subjectKeys());
        SparkSession spark = SparkSessions.create(config, "lakehouse-erase");
        TableDefinitions.apply(spark, LakeTables.all());
        PrintWriter out = spec.commandLine().getOut();
        out.println("data keys: " + keys.describe());
        ErasureReport.print(new ErasureJob(spark, keys).run(), out);
        out.flush();
        return 0;
    }
}
