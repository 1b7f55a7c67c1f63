package dev.lakehouse.security;

/**
 * The roles a signed-in user's token carries (Keycloak realm roles locally, the issuer's groups in production; the
 * claim is quarkus.oidc.roles.role-claim-path). Endpoints name the roles they admit with {@code @RolesAllowed}; a
 * role never implies another, so each endpoint's list is the whole truth (docs/security.md has the matrix).
 */
public final class AccessRoles {

    /** The dashboard and the KPI, lake-health and pipeline endpoints. */
    public static final String VIEWER = "viewer";
    /** Silver, gold and mart tables through /api/tables, never bronze, the quarantine or personal columns. */
    public static final String ANALYST = "analyst";
    /** Generator control (and replay, should it get an endpoint). */
    public static final String OPERATOR = "operator";
    /** Erasure requests and their report (issue 15, item 4); no endpoint admits it yet. */
    public static final String PRIVACY = "privacy";

    private AccessRoles() {}
}
