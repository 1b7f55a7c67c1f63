package dev.lakehouse.contracts.topics;

/**
 * The audit trail's topic: one record per audited API call (reads of lake data, operator actions, erasure requests),
 * JSON, keyed by the caller's subject. Append-only: created with {@code cleanup.policy=delete} and a long retention,
 * never compacted (compaction would keep only each caller's last event). The app writes it and copies it into
 * {@code audit.api_events} ({@link dev.lakehouse.contracts.lake.LakeTables#AUDIT_API_EVENTS}); docs/security.md,
 * "Audit trail", has the record's fields.
 */
public final class AuditTopic {

    /** The audit topic under the default prefix ({@link Domain#DEFAULT_PREFIX}). */
    public static final String NAME = name(Domain.DEFAULT_PREFIX);

    private AuditTopic() {}

    public static String name(String prefix) {
        return prefix + ".audit";
    }
}
