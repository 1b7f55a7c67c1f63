package dev.lakehouse.spark;

import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.RegistryUnavailableException;
import dev.lakehouse.spark.maintenance.MaintenanceCommand;
import dev.lakehouse.spark.streaming.StreamJob;
import dev.lakehouse.spark.timetravel.QueryCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one entry point: {@code stream} (Kafka -> bronze/silver/gold), {@code maintain} (compaction, expiry,
 * orphans) and {@code query} (time travel). Configuration: built-in defaults, then {@code --config FILE}, then
 * {@code --data-dir} and {@code --set key=value}.
 */
@Command(name = "lakehouse-jobs", mixinStandardHelpOptions = true, version = "spark-jobs 0.1.0",
    description = "Streaming lakehouse jobs: Kafka -> Iceberg bronze, silver and gold; maintenance; time travel.",
    subcommands = {LakehouseJobs.Stream.class, MaintenanceCommand.class, QueryCommand.class})
public final class LakehouseJobs implements Callable<Integer> {

  /** Options every sub-command shares. */
  public static class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (keys: docs/spark-jobs.md)")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "embedded catalog, warehouse and checkpoints (default ./.lakehouse-data)")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting; repeatable")
    List<String> sets = new ArrayList<>();

    public LakehouseConfig load() {
      Map<String, String> overrides = new LinkedHashMap<>();
      if (dataDir != null) {
        overrides.put(LakehouseConfig.DATA_DIR, dataDir.toString());
      }
      overrides.putAll(LakehouseConfig.parseOverrides(sets));
      return LakehouseConfig.load(configFile, overrides);
    }
  }

  @Command(name = "stream", mixinStandardHelpOptions = true,
      description = "Run the streams: raw topics -> bronze, validated topics -> silver -> gold. Runs until stopped, "
          + "or until caught up with --available-now.")
  static final class Stream implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Option(names = "--only", paramLabel = "LAYERS", defaultValue = "bronze,silver,gold",
        description = "which streams: bronze, silver, gold (default ${DEFAULT-VALUE})")
    String only;

    @Option(names = "--available-now", description = "process what Kafka holds now, then exit")
    boolean availableNow;

    @Override
    public Integer call() throws Exception {
      LakehouseConfig config = options.load();
      if (availableNow) {
        config = config.with(LakehouseConfig.TRIGGER, "available-now");
      }
      StreamJob.run(config, StreamJob.parseLayers(only));
      return 0;
    }
  }

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
