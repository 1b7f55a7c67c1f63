package dev.lakehouse.api;

import dev.lakehouse.security.AccessRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live KPIs from the gold tables, and one summary of everything the dashboard shows. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "KPIs")
@RolesAllowed({AccessRoles.VIEWER, AccessRoles.ANALYST})
public class KpiResource {

    /** The summary's defaults, as the dashboard shows them. */
    static final int MINUTES = 60;

    static final int WINDOWS = 12;
    static final int STOCK_LIMIT = 10;
    private static final int MAX_MINUTES = 24 * 60;
    private static final int MAX_WINDOWS = 24 * 12;
    private static final int MAX_LIMIT = 1000;

    /** Everything the dashboard shows, read at once. */
    public record Summary(
            Instant generatedAt,
            Kpis.Revenue revenue,
            Kpis.Funnel funnel,
            Kpis.TopProducts topProducts,
            Kpis.Stock lowestStock,
            Kpis.ActiveSessions activeSessions,
            Kpis.CustomerSegments customerValue,
            PipelineHealth.Status pipeline) {}

    private final GoldKpis gold;
    private final CustomerValue customers;
    private final PipelineHealth pipeline;

    KpiResource(GoldKpis gold, CustomerValue customers, PipelineHealth pipeline) {
        this.gold = gold;
        this.customers = customers;
        this.pipeline = pipeline;
    }

    @GET
    @Path("/summary")
    @Operation(
            summary = "Revenue, funnel, top products, lowest stock, active sessions, customer value and pipeline health"
                    + " in one answer")
    public Summary summary(@QueryParam("minutes") String minutes) {
        int m = Params.integer("minutes", minutes, MINUTES, 1, MAX_MINUTES);
        return new Summary(
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                gold.revenue(m),
                gold.funnel(WINDOWS),
                gold.topProducts(null),
                gold.lowestStock(STOCK_LIMIT),
                gold.activeSessions(),
                customers.segments(),
                pipeline.status());
    }

    @GET
    @Path("/kpis/revenue")
    @Operation(
            summary = "Revenue and orders per minute and currency, the last N minutes up to the newest minute in gold")
    public Kpis.Revenue revenue(@QueryParam("minutes") String minutes) {
        return gold.revenue(Params.integer("minutes", minutes, MINUTES, 1, MAX_MINUTES));
    }

    @GET
    @Path("/kpis/funnel")
    @Operation(
            summary = "Sessions, product views, carts, checkouts and orders per 5-minute window, with conversion rates")
    public Kpis.Funnel funnel(@QueryParam("windows") String windows) {
        return gold.funnel(Params.integer("windows", windows, WINDOWS, 1, MAX_WINDOWS));
    }

    @GET
    @Path("/kpis/top-products")
    @Operation(summary = "Top products by units of an hour (default: the newest hour in gold)")
    public Kpis.TopProducts topProducts(@QueryParam("hour") String hour) {
        Instant h = Params.instant("hour", hour);
        if (h != null && !h.equals(h.truncatedTo(ChronoUnit.HOURS))) {
            throw Problem.badRequest("hour must be the start of an hour, e.g. " + h.truncatedTo(ChronoUnit.HOURS));
        }
        return gold.topProducts(h);
    }

    @GET
    @Path("/kpis/stock")
    @Operation(summary = "Products with the least stock on hand, fewest first")
    public Kpis.Stock stock(@QueryParam("limit") String limit) {
        return gold.lowestStock(Params.integer("limit", limit, STOCK_LIMIT, 1, MAX_LIMIT));
    }

    @GET
    @Path("/kpis/active-sessions")
    @Operation(summary = "Number of active sessions (last event within the session timeout of the newest click)")
    public Kpis.ActiveSessions activeSessions() {
        return gold.activeSessions();
    }

    @GET
    @Path("/kpis/customer-value")
    @Operation(summary = "Customers who ordered per RFM segment: count, orders, lifetime value, recency (dbt mart)")
    public Kpis.CustomerSegments customerValue() {
        return customers.segments();
    }
}
