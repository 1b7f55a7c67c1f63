package dev.lakehouse.audit;

/** How an audited call ended, from its HTTP status. */
public enum AuditOutcome {
    /** 2xx: the caller got what they asked for. */
    ALLOWED,
    /** 401 (no valid token) or 403 (a role or the table allow-list refused it). */
    DENIED,
    /** Any other 4xx: a parameter out of range (400), nothing there (404), a run already going (409). */
    REJECTED,
    /** 5xx: the lake was unavailable or the call failed unexpectedly. */
    ERROR;

    public static AuditOutcome of(int status) {
        if (status >= 200 && status < 300) {
            return ALLOWED;
        }
        if (status == 401 || status == 403) {
            return DENIED;
        }
        return status >= 400 && status < 500 ? REJECTED : ERROR;
    }
}
