package dev.lakehouse.experiments;

/**
 * What one session of an experiment did: its variant, whether it placed an order, and the revenue
 * it brought (order totals, 0 without an order). The unit of analysis is the session, as it is the
 * unit of assignment.
 */
public record SessionOutcome(String variant, boolean converted, double revenue) {

    public SessionOutcome {
        if (variant == null) {
            throw new IllegalArgumentException("a session outcome needs its variant");
        }
        if (revenue < 0 || (!converted && revenue != 0)) {
            throw new IllegalArgumentException("revenue " + revenue + " for a session that converted: " + converted);
        }
    }
}
