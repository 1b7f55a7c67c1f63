package dev.lakehouse.audit;

/**
 * What an audited call did. Reads of lake data (rows and snapshots of a table, the KPIs read from gold), operator
 * actions, and erasure requests; docs/security.md ("Audit trail") says which endpoints map to which action and why the
 * others (lake metadata, pipeline rates, sign-in) are not audited.
 */
public enum AuditAction {
    /** GET /api/tables/{ns}/{t}/rows: rows of a table, as of now, an instant or a snapshot. */
    READ_TABLE_ROWS,
    /** GET /api/tables/{ns}/{t}/snapshots: a table's history (ids, times, row counts). */
    READ_TABLE_SNAPSHOTS,
    /** GET /api/summary and /api/kpis/*: figures computed from the gold tables (and names and sums of others). */
    READ_KPI,
    GENERATOR_START,
    GENERATOR_STOP,
    GENERATOR_RATE,
    /** Reserved for a replay endpoint (replay is the CLI's today, which has no signed-in caller). */
    REPLAY,
    /** An erasure request, recorded through {@link ErasureAudit} before anything is erased. */
    ERASURE_REQUEST;

    /** Operator actions and erasures change something: their events are sent before the answer leaves. */
    public boolean changesSomething() {
        return this != READ_TABLE_ROWS && this != READ_TABLE_SNAPSHOTS && this != READ_KPI;
    }
}
