package dev.lakehouse.generator.model;

import java.time.Duration;

/**
 * Something going wrong in the simulated shop, with a known start and end in simulated time, for
 * grading anomaly detectors against: what happened, when, and for how long.
 *
 * @param kind     what goes wrong
 * @param start    offset of its start from the run's simulated start ({@link GeneratorSettings#from()})
 * @param duration how long it lasts
 */
public record Incident(Kind kind, Duration start, Duration duration) {

    public enum Kind {
        /** Every payment attempt fails ("payment provider unavailable"): orders are placed, then cancelled. */
        PAYMENT_OUTAGE,
        /** Scrapers browse product pages fast and never buy: views and sessions surge, conversion drops. */
        BOT_SWARM,
        /** A few products are listed at a tenth of their price: shoppers rush them, revenue per order drops. */
        PRICING_ERROR
    }

    public Incident {
        if (kind == null
                || start == null
                || duration == null
                || start.isNegative()
                || duration.isNegative()
                || duration.isZero()) {
            throw new IllegalArgumentException("an incident needs a kind, a start >= 0 and a positive duration");
        }
    }
}
