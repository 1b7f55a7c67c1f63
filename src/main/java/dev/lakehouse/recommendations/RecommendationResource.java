package dev.lakehouse.recommendations;

import dev.lakehouse.api.Problem;
import dev.lakehouse.security.AccessRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recommendations trained by spark-jobs' {@code recommend} (docs/recommendations.md), for the dashboard's roles. */
@Path("/api/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recommendations")
@RolesAllowed({AccessRoles.VIEWER, AccessRoles.ANALYST})
public class RecommendationResource {

    /** The platform's customer ids: pseudonymous, never an e-mail or a name. */
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final Recommendations recommendations;

    RecommendationResource(Recommendations recommendations) {
        this.recommendations = recommendations;
    }

    @GET
    @Operation(
            summary = "The served model version, how it was graded (precision@10 and recall@10 against a "
                    + "popularity baseline) and the popular list new customers get")
    public Recommendations.Overview overview() {
        return recommendations.overview();
    }

    /** One customer's list stands for one person: like a row of a table, it is the analyst's, not the dashboard's. */
    @GET
    @Path("/{customer}")
    @RolesAllowed(AccessRoles.ANALYST)
    @Operation(
            summary = "A customer's top 10 products; a customer without a list (cold start) gets the popular "
                    + "ones (source 'popular')")
    public Recommendations.Answer forCustomer(@PathParam("customer") String customer) {
        if (!CUSTOMER_ID.matcher(customer).matches()) {
            throw Problem.badRequest(
                    "customer must be the platform's customer id (1-64 letters, digits, '.', '_', " + "':' or '-')");
        }
        return recommendations.forCustomer(customer);
    }
}
