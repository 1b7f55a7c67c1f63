package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.topics.Domain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every timestamp of an event (event_time and any other timestamp field) lies in
 * [2000-01-01T00:00Z, 2100-01-01T00:00Z). Outside it is a wrong unit (nanoseconds or
 * microseconds sent as millis land millennia ahead, seconds land in 1970) or garbage, and such a
 * value also breaks downstream readers that cannot convert it (Spark's timestamp encoder).
 * EVENT_IN_FUTURE stays the rule for times inside this window but ahead of the clock.
 */
public class EventTimeRangeRule implements Rule {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    @Override
    public String code() {
        return RejectReason.EVENT_TIME_OUT_OF_RANGE.name();
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (value instanceof Instant time && (time.isBefore(EARLIEST) || !time.isBefore(LATEST))) {
                problems.add(path + " is " + time + " (" + time.toEpochMilli() + " ms)");
            }
        });
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of("timestamp outside [" + EARLIEST + ", " + LATEST + "): " + String.join("; ", problems));
    }
}
