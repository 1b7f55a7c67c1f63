package dev.lakehouse.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One audited call: who (the token's subject, user name and roles; all null or empty without a valid token), what
 * (action, resource, parameters, columns returned), when, and the outcome (status, row count). Sent to the audit
 * topic as JSON with these field names and copied as is into {@code audit.api_events}.
 *
 * @param status the HTTP status answered; null for an event recorded by a service method ({@link ErasureAudit})
 * @param rowCount rows (or snapshots) returned; null when the action returns none
 */
public record AuditEvent(
        String eventId,
        Instant eventTime,
        String subject,
        String userName,
        List<String> roles,
        AuditAction action,
        String resource,
        Map<String, String> parameters,
        List<String> columns,
        AuditOutcome outcome,
        Integer status,
        Long rowCount,
        String method,
        String path) {}
