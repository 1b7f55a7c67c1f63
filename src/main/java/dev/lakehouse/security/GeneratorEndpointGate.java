package dev.lakehouse.security;

import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The generator's endpoints exist only on instances with the generator role: every other pod answers 404 before
 * sign-in is even looked at, so an api pod cannot be talked into producing traffic whatever the caller's roles.
 */
@ApplicationScoped
public class GeneratorEndpointGate {

    private final Roles roles;

    GeneratorEndpointGate(Roles roles) {
        this.roles = roles;
    }

    void gate(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.normalizedPath();
            if ((path.equals("/generator") || path.startsWith("/generator/")) && !roles.has(Role.GENERATOR)) {
                ctx.response()
                        .setStatusCode(404)
                        .putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"the generator role is off on this instance (lakehouse.roles)\"}");
                return;
            }
            ctx.next();
        });
    }
}
