package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lakehouse.generator.model.Fault;

/**
 * One line of the ledger: one record the generator sent. Money is a decimal string; fault is
 * null for a genuine, on-time, first delivery.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LedgerEntry(
        @JsonProperty("seq") long seq,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("domain") String domain,
        @JsonProperty("type") String type,
        @JsonProperty("key") String key,
        @JsonProperty("event_time") String eventTime,
        @JsonProperty("amount") String amount,
        @JsonProperty("currency") String currency,
        @JsonProperty("fault") String fault) {

    /** A real event of the simulated shop (possibly late or reordered), not a resend or poison. */
    public boolean isGenuine() {
        return fault == null
                || Fault.LATE.name().equals(fault)
                || Fault.OUT_OF_ORDER.name().equals(fault);
    }

    /** "domain/Type", the key of the summary's counts. */
    public String qualifiedType() {
        return domain + "/" + type;
    }
}
