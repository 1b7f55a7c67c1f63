package dev.lakehouse.generator;

import dev.lakehouse.generator.run.GeneratorConfig;
import dev.lakehouse.generator.run.GeneratorService;
import dev.lakehouse.generator.run.ScenarioPlayer;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Starts the real-time run when this instance has the generator role. */
@ApplicationScoped
public class GeneratorRole {

    private final Roles roles;
    private final GeneratorService service;
    private ScenarioPlayer scenario;

    GeneratorRole(Roles roles, GeneratorService service) {
        this.roles = roles;
        this.service = service;
    }

    // After topics and schemas are in place (they observe at 10 and 20).
    void start(@Observes @Priority(100) StartupEvent event) {
        if (roles.has(Role.GENERATOR) && service.config().startOnStartup()) {
            GeneratorConfig config = service.config();
            Long max = config.maxEvents().orElse(null);
            if (config.from().isPresent()) {
                service.startBackfill(config.from().get(), config.rate(), null, max);
            } else {
                service.startRealTime(config.rate(), null, max);
            }
            config.scenario()
                    .steps()
                    .ifPresent(steps ->
                            scenario = new ScenarioPlayer(config.scenario().name(), steps, service));
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (scenario != null) {
            scenario.close();
        }
        service.stop();
    }
}
