package dev.lakehouse.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the roles named in lakehouse.roles until stopped (the default when no command is given).")
public class ServeCommand implements Runnable {

    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
