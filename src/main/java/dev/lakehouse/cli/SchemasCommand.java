package dev.lakehouse.cli;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.schemas.SchemaRegistrar;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = {
            "Register every event schema under its topics' subjects (<topic>-value) and set their",
            "compatibility rule (lakehouse.registry.compatibility, default FULL_TRANSITIVE).",
            "The production serializers never register schemas themselves; this command does."
        })
public class SchemasCommand implements Callable<Integer> {

    @Inject
    RegistryConfig config;

    @Override
    public Integer call() throws Exception {
        System.out.println("Schemas on " + config.confluentApi() + ", rule " + config.compatibility() + ":");
        var registrar = new SchemaRegistrar(new SchemaRegistryLookup(config.confluentApi()), config.compatibility());
        for (SchemaRegistrar.Outcome outcome : registrar.registerAll()) {
            System.out.printf("%-40s %-10s id %d%n", outcome.subject(), outcome.status(), outcome.id());
        }
        return 0;
    }
}
