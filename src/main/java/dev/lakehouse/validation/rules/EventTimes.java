package dev.lakehouse.validation.rules;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** Every event envelope has event_time (timestamp-millis, an Instant in the generated classes). */
public final class EventTimes {

    private EventTimes() {}

    public static Instant of(SpecificRecord event) {
        return (Instant) event.get(event.getSchema().getField("event_time").pos());
    }

    public static String eventId(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("event_id").pos()));
    }
}
