package dev.lakehouse.api;

import dev.lakehouse.audit.AuditUnavailableException;
import dev.lakehouse.lake.LakeUnavailableException;
import dev.lakehouse.security.TableAccess;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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

    /** The cause (paths, SQL errors) goes to the log only: a caller cannot fix it and should not learn the layout. */
    @ServerExceptionMapper
    public Response unavailable(LakeUnavailableException e, UriInfo uri) {
        LOG.warn(e.getMessage(), e);
        return respond(503, "Lake unavailable", "the lake's catalog cannot be read right now; try again shortly", uri);
    }

    /** An action that must be audited before it is done (an erasure request) was not: nothing was done. */
    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return respond(
                503,
                "Audit trail unavailable",
                "this action is recorded in the audit trail before it is carried out, and the trail cannot be"
                        + " written right now; nothing was done: try again shortly",
                uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(
                404,
                "Not found",
                "no such resource: " + uri.getPath() + " (the API's endpoints are in docs/api.md)",
                uri);
    }

    /** No token, or one the issuer did not sign, that has expired or is meant for another audience. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(
                        401,
                        "Unauthorized",
                        "sign in: send 'Authorization: Bearer <access token>' with"
                                + " a valid token from the configured OIDC issuer (README: how to sign in locally)",
                        uri))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response notOnTheAllowList(TableAccess.Denied e, UriInfo uri) {
        return respond(403, "Forbidden", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(
                403,
                "Forbidden",
                "your roles do not admit this endpoint; ask for the role it needs (docs/security.md"
                        + " lists the roles of every endpoint)",
                uri);
    }

    /** Anything unforeseen: a 500 that names nothing internal, with a reference to find the cause in the log. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error answering %s (reference %s)", uri.getPath(), reference);
        return respond(
                500,
                "Internal error",
                "the request failed unexpectedly; the server's log has the cause under" + " reference " + reference,
                uri);
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
