package dev.lakehouse.cli;

import dev.lakehouse.generator.GenerateCommand;
import dev.lakehouse.validation.replay.ReplayCommand;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

@Command(
        name = "lakehouse",
        mixinStandardHelpOptions = true,
        version = "lakehouse-platform 0.1.0",
        description = {
            "The e-commerce lakehouse platform: event generator, stream validator and lake API in one application.",
            "Without a command it serves the roles named in lakehouse.roles (env LAKEHOUSE_ROLES=generator,validator,api)."
        },
        subcommands = {
            ServeCommand.class,
            TopicsCommand.class,
            SchemasCommand.class,
            GenerateCommand.class,
            ReplayCommand.class
        })
public class LakehouseCommand implements Runnable {

    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
