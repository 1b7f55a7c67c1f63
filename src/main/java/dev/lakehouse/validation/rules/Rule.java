package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** One business rule an event must keep to pass to the validated topics. */
public interface Rule {

    /** Stable, machine-readable reason code, written into the dead-letter headers and metrics. */
    String code();

    /** @return empty if the event keeps the rule, else a readable reason */
    Optional<String> check(Domain domain, SpecificRecord event);
}
