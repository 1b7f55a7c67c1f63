package dev.lakehouse.supervision;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when any supervised loop gave up, keeps dying, or is stuck past its bound: a restart of the process is then
 * what heals it. The data names each loop with its state, restarts and last beat, and the problem of a DOWN one.
 */
@Liveness
@ApplicationScoped
public class LoopLiveness implements HealthCheck {

    private final Supervisor supervisor;

    LoopLiveness(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("supervised-loops").up();
        for (SupervisedLoop loop : supervisor.loops()) {
            SupervisedLoop.Health health = loop.health();
            String name = health.name();
            response.withData(name + ".state", health.state().name());
            response.withData(name + ".restarts", health.restarts());
            response.withData(
                    name + ".lastBeat",
                    health.lastBeat() == null ? "never" : health.lastBeat().toString());
            if (health.lastError() != null) {
                response.withData(name + ".lastError", health.lastError());
            }
            if (!health.up()) {
                response.withData(name + ".problem", health.problem().get());
                response.down();
            }
        }
        return response.build();
    }
}
