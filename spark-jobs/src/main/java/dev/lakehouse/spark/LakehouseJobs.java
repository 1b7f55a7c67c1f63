package dev.lakehouse.spark;

import dev.lakehouse.spark.commands.EraseCommand;
import dev.lakehouse.spark.commands.KeysCommand;
import dev.lakehouse.spark.commands.MaintenanceCommand;
import dev.lakehouse.spark.commands.QueryCommand;
import dev.lakehouse.spark.commands.RecommendCommand;
import dev.lakehouse.spark.commands.StreamCommand;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.decoding.RegistryUnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point: {@code stream} (Kafka -> bronze/silver/gold), {@code maintain} (compaction, expiry,
 * orphans), {@code query} (time travel), {@code keys} (the PII key ring: status, rotation) and {@code recommend}
 * (train, grade and publish the recommender). Configuration: built-in defaults, then {@code --config FILE}, then
 * {@code --data-dir} and {@code --set key=value}.
 */
@Command(
        name = "lakehouse-jobs",
        mixinStandardHelpOptions = true,
        version = "spark-jobs 0.1.0",
        description = "Streaming lakehouse jobs: Kafka -> Iceberg bronze, silver and gold; maintenance; time travel; "
                + "PII key rotation; recommendations.",
        subcommands = {
            StreamCommand.class,
            MaintenanceCommand.class,
            EraseCommand.class,
            QueryCommand.class,
            KeysCommand.class,
            RecommendCommand.class
        })
public final class LakehouseJobs implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LakehouseJobs());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof RegistryUnavailableException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 3;
            }
            throw e;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
