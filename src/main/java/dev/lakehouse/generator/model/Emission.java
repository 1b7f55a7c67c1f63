package dev.lakehouse.generator.model;

import dev.lakehouse.contracts.topics.Domain;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One record the generator sends: either an Avro event ({@code event}) or, for poison records
 * that are not valid Avro, the raw value bytes ({@code raw}). {@code amount} is the event's
 * principal money amount (order total, payment, refund, price), null when it has none.
 */
public record Emission(
        Domain domain,
        String key,
        String eventId,
        String type,
        Instant eventTime,
        SpecificRecord event,
        byte[] raw,
        BigDecimal amount,
        String currency,
        Fault fault) {

    public boolean isRaw() {
        return raw != null;
    }

    public Emission withFault(Fault newFault) {
        return new Emission(domain, key, eventId, type, eventTime, event, raw, amount, currency, newFault);
    }

    public Emission withEvent(SpecificRecord newEvent, Instant newTime, Fault newFault) {
        return new Emission(domain, key, eventId, type, newTime, newEvent, raw, amount, currency, newFault);
    }
}
