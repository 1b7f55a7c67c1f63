package dev.lakehouse.spark.commands;

import dev.lakehouse.spark.config.ConfigKeys;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every sub-command shares (a picocli mixin). */
public class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (keys: docs/spark-jobs.md)")
    Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "embedded catalog, warehouse and checkpoints (default ./.lakehouse-data)")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting; repeatable")
    List<String> sets = new ArrayList<>();

    public LakehouseConfig load() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (dataDir != null) {
            overrides.put(LakehouseConfig.DATA_DIR, dataDir.toString());
        }
        Map<String, String> fromCommandLine = LakehouseConfig.parseOverrides(sets);
        ConfigKeys.refuseOnCommandLine(fromCommandLine.keySet());
        overrides.putAll(fromCommandLine);
        return LakehouseConfig.load(configFile, overrides);
    }
}
