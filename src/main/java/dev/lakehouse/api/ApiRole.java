package dev.lakehouse.api;

import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * When this instance has the api role: opens the lake's catalog at start (a wrong setting stops the start), samples
 * the topics' offsets, and serves the API and the dashboard. Without the role, both answer 404.
 */
@ApplicationScoped
public class ApiRole {

    private static final Logger LOG = Logger.getLogger(ApiRole.class);

    private final Roles roles;
    private final LakeCatalog lake;
    private final OffsetSampler sampler;

    ApiRole(Roles roles, LakeCatalog lake, OffsetSampler sampler) {
        this.roles = roles;
        this.lake = lake;
        this.sampler = sampler;
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        if (!roles.has(Role.API)) {
            return;
        }
        if (!lake.openAtStartup()) {
            LOG.info(
                    "The lake's catalog does not exist yet: the API answers empty figures until the streams create it");
        }
        sampler.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        sampler.stop();
    }

    /** Runs before the REST layer and the static files, so the dashboard is not served by instances without the role. */
    void gate(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.normalizedPath();
            boolean apiPath = path.equals("/")
                    || path.equals("/index.html")
                    || path.startsWith("/api/")
                    || path.startsWith("/dashboard/");
            if (apiPath && !roles.has(Role.API)) {
                ctx.response()
                        .setStatusCode(404)
                        .putHeader("Content-Type", ProblemMapper.PROBLEM_JSON)
                        .end("{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"the api role is off on this instance (lakehouse.roles)\"}");
                return;
            }
            ctx.next();
        });
    }
}
