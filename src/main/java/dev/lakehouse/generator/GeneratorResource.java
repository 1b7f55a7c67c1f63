package dev.lakehouse.generator;

import dev.lakehouse.generator.run.GeneratorService;
import dev.lakehouse.generator.run.RunStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Controls the app's generator run: start, stop, change the rate, read the status. */
@Path("/generator")
@Produces(MediaType.APPLICATION_JSON)
public class GeneratorResource {

    private final GeneratorService service;

    GeneratorResource(GeneratorService service) {
        this.service = service;
    }

    /** Starts a real-time run; 409 if one is going. */
    @POST
    @Path("/start")
    public Response start(
            @QueryParam("eventsPerSecond") Double eventsPerSecond,
            @QueryParam("seed") Long seed,
            @QueryParam("events") Long events) {
        double rate =
                eventsPerSecond != null ? eventsPerSecond : service.config().rate();
        if (rate <= 0 || (events != null && events <= 0)) {
            return problem(Response.Status.BAD_REQUEST, "eventsPerSecond and events must be positive");
        }
        try {
            return Response.accepted(service.startRealTime(rate, seed, events)).build();
        } catch (IllegalStateException e) {
            return problem(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("/stop")
    public Response stop() throws InterruptedException {
        RunStatus status = service.stop();
        return status == null
                ? problem(Response.Status.NOT_FOUND, "no run was started")
                : Response.ok(status).build();
    }

    @PUT
    @Path("/rate")
    public Response rate(@QueryParam("eventsPerSecond") Double eventsPerSecond) {
        if (eventsPerSecond == null || eventsPerSecond <= 0) {
            return problem(Response.Status.BAD_REQUEST, "eventsPerSecond must be a positive number");
        }
        try {
            return Response.ok(service.setRate(eventsPerSecond)).build();
        } catch (IllegalStateException e) {
            return problem(Response.Status.CONFLICT, e.getMessage());
        }
    }

    @GET
    @Path("/status")
    public Response status() {
        RunStatus status = service.status();
        return status == null
                ? Response.ok(Map.of("state", "IDLE")).build()
                : Response.ok(status).build();
    }

    private static Response problem(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
