package dev.lakehouse.spark.commands;

import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.pipeline.StreamJob;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stream} sub-command: the options, then the wiring in {@link StreamJob}. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description = "Run the streams: raw topics -> bronze, validated topics -> silver -> gold. Runs until stopped, "
                + "or until caught up with --available-now.")
public final class StreamCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(
            names = "--only",
            paramLabel = "LAYERS",
            defaultValue = "bronze,silver,gold",
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
