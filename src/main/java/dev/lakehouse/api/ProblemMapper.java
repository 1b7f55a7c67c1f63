package dev.lakehouse.api;

import dev.lakehouse.lake.LakeUnavailableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as {@code application/problem+json} with title, status and detail. */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(Problem problem, UriInfo uri) {
        return respond(problem.status(), problem.title(), problem.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unavailable(LakeUnavailableException e, UriInfo uri) {
        LOG.warn(e.getMessage(), e);
        return respond(503, "Lake unavailable", e.getMessage() + "; try again shortly", uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(404, "Not found", "no such resource: " + uri.getPath() + " (see /q/openapi)", uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return respond(
                status,
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase(),
                e.getMessage(),
                uri);
    }

    static Response respond(int status, String title, String detail, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", uri.getPath());
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
