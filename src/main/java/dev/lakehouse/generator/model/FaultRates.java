package dev.lakehouse.generator.model;

import java.time.Duration;

/**
 * How often each fault is injected, as a fraction of the simulated (genuine) events; late
 * events get an event_time between {@code lateLag} and twice that behind the simulated clock.
 */
public record FaultRates(
        double late,
        Duration lateLag,
        double outOfOrder,
        double duplicate,
        double poisonNotAvro,
        double poisonUnknownSchema,
        double poisonBusinessRule) {

    public FaultRates {
        for (double rate :
                new double[] {late, outOfOrder, duplicate, poisonNotAvro, poisonUnknownSchema, poisonBusinessRule}) {
            if (rate < 0 || rate > 0.5) {
                throw new IllegalArgumentException("fault rates must lie in [0, 0.5], got " + rate);
            }
        }
        if (lateLag.isNegative() || lateLag.isZero()) {
            throw new IllegalArgumentException("the late lag must be positive, got " + lateLag);
        }
    }

    public static FaultRates none() {
        return new FaultRates(0, Duration.ofHours(2), 0, 0, 0, 0, 0);
    }

    public double rateOf(Fault fault) {
        return switch (fault) {
            case LATE -> late;
            case OUT_OF_ORDER -> outOfOrder;
            case DUPLICATE -> duplicate;
            case POISON_NOT_AVRO -> poisonNotAvro;
            case POISON_UNKNOWN_SCHEMA -> poisonUnknownSchema;
            case POISON_BUSINESS_RULE -> poisonBusinessRule;
        };
    }

    public boolean any() {
        return late + outOfOrder + duplicate + poisonNotAvro + poisonUnknownSchema + poisonBusinessRule > 0;
    }
}
