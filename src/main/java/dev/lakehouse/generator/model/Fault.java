package dev.lakehouse.generator.model;

/**
 * A deliberate defect in what the generator sends, recorded in the ledger so that downstream
 * checks can tell an injected fault from a bug of their own.
 */
public enum Fault {
    /** event_time older than the configured lag behind the simulated clock when sent. */
    LATE,
    /** held back and sent after events that happened later. */
    OUT_OF_ORDER,
    /** an exact resend of an earlier event (same event_id, same bytes). */
    DUPLICATE,
    /** bytes that are not registry-framed Avro at all. */
    POISON_NOT_AVRO,
    /** registry framing (magic byte 0) with a schema id the registry does not know. */
    POISON_UNKNOWN_SCHEMA,
    /** valid Avro of a registered schema whose content breaks a business rule. */
    POISON_BUSINESS_RULE;

    /** Poison records are extra records; the other faults change how a real event is delivered. */
    public boolean isPoison() {
        return this == POISON_NOT_AVRO || this == POISON_UNKNOWN_SCHEMA || this == POISON_BUSINESS_RULE;
    }
}
