package dev.lakehouse.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * Entry point of the image. Without arguments (or with {@code serve}) it runs the roles named
 * by lakehouse.roles until stopped; any other command is a one-shot task.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (args.length > 0 && !"serve".equals(args[0])) {
            // A one-shot command runs no role, provisions nothing by itself and opens no HTTP port:
            // the platform may already be serving on this machine.
            System.setProperty("lakehouse.roles", "");
            System.setProperty("lakehouse.topics.apply-on-start", "false");
            System.setProperty("lakehouse.registry.register-on-start", "false");
            System.setProperty("quarkus.http.host-enabled", "false");
            // The management interface cannot be switched off at run time: a free port keeps it out of the way.
            System.setProperty("quarkus.management.port", "0");
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(LakehouseCommand.class, factory).execute(args);
    }
}
