package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** An event cannot have happened later than now, give or take the allowed clock skew of producers. */
public class FutureEventRule implements Rule {

    private final Clock clock;
    private final Duration maxSkew;

    public FutureEventRule(Clock clock, Duration maxSkew) {
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    @Override
    public String code() {
        return "EVENT_IN_FUTURE";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        Instant eventTime = EventTimes.of(event);
        Instant limit = clock.instant().plus(maxSkew);
        return eventTime.isAfter(limit)
                ? Optional.of(
                        "event_time " + eventTime + " is more than " + maxSkew + " ahead of the validator's clock")
                : Optional.empty();
    }
}
