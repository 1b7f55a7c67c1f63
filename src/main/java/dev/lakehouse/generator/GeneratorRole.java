package dev.lakehouse.generator;

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

    GeneratorRole(Roles roles, GeneratorService service) {
        this.roles = roles;
        this.service = service;
    }

    // After topics and schemas are in place (they observe at 10 and 20).
    void start(@Observes @Priority(100) StartupEvent event) {
        if (roles.has(Role.GENERATOR) && service.config().startOnStartup()) {
            service.startRealTime(service.config().rate(), null, null);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        service.stop();
    }
}
