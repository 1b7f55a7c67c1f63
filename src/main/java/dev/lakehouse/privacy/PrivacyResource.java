package dev.lakehouse.privacy;

import dev.lakehouse.api.Params;
import dev.lakehouse.api.Problem;
import dev.lakehouse.audit.ErasureAudit;
import dev.lakehouse.security.AccessRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GDPR erasure for the privacy role (docs/privacy.md): ask for a customer's erasure, and see each request's state
 * per layer. The request is audited (and acknowledged by the audit topic) before it is sent.
 */
@Path("/api/privacy/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Privacy")
@RolesAllowed(AccessRoles.PRIVACY)
public class PrivacyResource {

    /** The platform's customer ids: pseudonymous, never an e-mail or a name. */
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    private static final int MAX_LIST = 200;

    public record ErasureRequest(String customerId) {}

    public record Accepted(String requestId, String customerId, String report) {}

    private final ErasureRequests requests;
    private final ErasureReports reports;
    private final ErasureAudit audit;
    private final SecurityIdentity identity;

    PrivacyResource(ErasureRequests requests, ErasureReports reports, ErasureAudit audit, SecurityIdentity identity) {
        this.requests = requests;
        this.reports = reports;
        this.audit = audit;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for a customer's erasure; answers 202 with the request id and where to follow it")
    public Response request(ErasureRequest body) throws InterruptedException, ExecutionException, TimeoutException {
        String customerId = body == null ? null : body.customerId();
        if (customerId == null || !CUSTOMER_ID.matcher(customerId).matches()) {
            throw Problem.badRequest("customerId must be the platform's customer id (1-64 letters, digits, '.', '_', "
                    + "':' or '-'), e.g. {\"customerId\": \"3f2b...\"}; never an e-mail or a name");
        }
        String requestId = requests.newRequestId();
        audit.requested(identity, requestId, customerId); // recorded, or 503 and nothing sent
        requests.send(requestId, customerId);
        String report = "/api/privacy/erasures/" + requestId;
        return Response.accepted(new Accepted(requestId, customerId, report))
                .location(URI.create(report))
                .build();
    }

    @GET
    @Path("/{requestId}")
    @Operation(summary = "One request's state per layer (keys, silver, gold, warehouse, snapshots)")
    public ErasureReports.Report report(@PathParam("requestId") String requestId) {
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw Problem.badRequest("requestId must be 1-100 letters, digits, '.', '_', ':' or '-'");
        }
        return reports.byRequest(requestId)
                .orElseThrow(() -> Problem.notFound("no erasure pass has seen the request " + requestId + " yet: it "
                        + "appears after the next one (hourly with maintenance, or ./lakehouse erase)"));
    }

    @GET
    @Operation(summary = "The latest requests, or one customer's (customer=)")
    public List<ErasureReports.Report> list(
            @QueryParam("customer") String customer, @QueryParam("limit") String limit) {
        int n = Params.integer("limit", limit, 50, 1, MAX_LIST);
        if (customer == null) {
            return reports.latest(n);
        }
        if (!CUSTOMER_ID.matcher(customer).matches()) {
            throw Problem.badRequest(
                    "customer must be the platform's customer id (1-64 letters, digits, '.', '_', " + "':' or '-')");
        }
        return reports.byCustomer(customer, n);
    }
}
