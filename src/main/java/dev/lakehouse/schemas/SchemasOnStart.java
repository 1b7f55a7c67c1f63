package dev.lakehouse.schemas;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Registers the schemas at start-up when lakehouse.registry.register-on-start is true. */
@ApplicationScoped
public class SchemasOnStart {

    private static final Logger LOG = Logger.getLogger(SchemasOnStart.class);

    void register(@Observes @Priority(20) StartupEvent event, RegistryConfig config)
            throws IOException, InterruptedException {
        if (!config.registerOnStart()) {
            return;
        }
        var outcomes = new SchemaRegistrar(new SchemaRegistryLookup(config.confluentApi()), config.compatibility())
                .registerAll();
        LOG.infof("Schemas in place: %d subjects, rule %s", outcomes.size(), config.compatibility());
    }
}
