package dev.lakehouse.audit;

import dev.lakehouse.api.CustomerValue;
import dev.lakehouse.contracts.lake.LakeTables;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which calls are audited, decided from the request alone (method and path), so that a call refused before it reached
 * its endpoint (401, 403, 400) is audited as what it tried to do. Reads of lake data: rows and snapshots of a table
 * and the KPIs read from gold. Not audited: lake and pipeline metadata (/api/lake/tables, /api/pipeline: table names,
 * counts and rates, no row), sign-in, the generator's status, the dashboard's files and the health checks. Erasure
 * requests and reads of their reports are audited.
 */
public final class AuditedCalls {

    /** What a call does and to what. */
    public record Call(AuditAction action, String resource) {}

    private static final Pattern TABLE = Pattern.compile("/api/tables/(.+)/(rows|snapshots)/?");
    private static final int MAX_RESOURCE = 128;
    private static final String ERASURES = "/api/privacy/erasures";
    private static final String RECOMMENDATIONS = "/api/recommendations";

    /** The tables each KPI endpoint reads: gold (GoldKpis), the catalog for product names, the customer mart. */
    private static final Map<String, String> KPIS = Map.of(
            "/api/kpis/revenue", LakeTables.GOLD_REVENUE,
            "/api/kpis/funnel", LakeTables.GOLD_FUNNEL,
            "/api/kpis/top-products", tables(LakeTables.GOLD_TOP_PRODUCTS, LakeTables.SILVER_CATALOG),
            "/api/kpis/stock", tables(LakeTables.GOLD_STOCK, LakeTables.SILVER_CATALOG),
            "/api/kpis/active-sessions", LakeTables.GOLD_SESSIONS,
            "/api/kpis/customer-value", CustomerValue.MART_TABLE,
            "/api/summary",
                    tables(
                            LakeTables.GOLD_REVENUE,
                            LakeTables.GOLD_FUNNEL,
                            LakeTables.GOLD_TOP_PRODUCTS,
                            LakeTables.GOLD_STOCK,
                            LakeTables.GOLD_SESSIONS,
                            LakeTables.SILVER_CATALOG,
                            CustomerValue.MART_TABLE));

    private static String tables(String... names) {
        return String.join(",", names);
    }

    private static final Map<String, Call> OPERATOR = Map.of(
            "POST /generator/start", new Call(AuditAction.GENERATOR_START, "generator"),
            "POST /generator/stop", new Call(AuditAction.GENERATOR_STOP, "generator"),
            "PUT /generator/rate", new Call(AuditAction.GENERATOR_RATE, "generator"),
            // Every attempt with its answer; an accepted one also has ErasureAudit's event, sent before it acts.
            "POST /api/privacy/erasures", new Call(AuditAction.ERASURE_REQUEST, "erasure-request"));

    private AuditedCalls() {}

    /** The call's action and resource, or empty when the call is not audited. {@code path} is the decoded path. */
    public static Optional<Call> classify(String method, String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Call operator = OPERATOR.get(method + " " + trimmed);
        if (operator != null) {
            return Optional.of(operator);
        }
        if (!"GET".equals(method)) {
            return Optional.empty();
        }
        String gold = KPIS.get(trimmed);
        if (gold != null) {
            return Optional.of(new Call(AuditAction.READ_KPI, gold));
        }
        if (trimmed.equals(ERASURES) || trimmed.startsWith(ERASURES + "/")) {
            return Optional.of(new Call(AuditAction.READ_TABLE_ROWS, LakeTables.PRIVACY_ERASURES));
        }
        if (trimmed.equals(RECOMMENDATIONS) || trimmed.startsWith(RECOMMENDATIONS + "/")) {
            // A customer's list is rows of ml.recommendations (the customer is in the event's path).
            return Optional.of(new Call(
                    AuditAction.READ_TABLE_ROWS,
                    String.join(
                            ",", LakeTables.ML_RECOMMENDATIONS, LakeTables.ML_POPULAR_PRODUCTS, LakeTables.ML_MODELS)));
        }
        Matcher table = TABLE.matcher(path);
        if (table.matches()) {
            // namespace/table as the caller wrote it (even one that is no table: the attempt is what is audited)
            String resource = table.group(1).replace('/', '.');
            return Optional.of(new Call(
                    "rows".equals(table.group(2)) ? AuditAction.READ_TABLE_ROWS : AuditAction.READ_TABLE_SNAPSHOTS,
                    resource.length() <= MAX_RESOURCE ? resource : resource.substring(0, MAX_RESOURCE) + "..."));
        }
        return Optional.empty();
    }
}
