package dev.lakehouse.anomalies;

import java.util.function.ToDoubleFunction;

/**
 * A figure the detector watches: a per-minute count or sum, or a rate (numerator over denominator), with the
 * direction that matters and the smallest change worth an alarm. Rates are the backbone: the time of day moves
 * the shop's volume (the simulation's evening peak is 16 times its night) but not its shares, so a rate needs no
 * seasonal model; a volume only alarms on a change far larger than an hour's step in seasonality (the
 * simulation's steepest, Sunday 23:00 to Monday 0:00, divides traffic by 2.8).
 */
public enum Figure {
    EVENTS("events per minute", MinuteFigures::events, null, Direction.BOTH, 4.0),
    /**
     * Down only, over five minutes: order totals are heavy-tailed, so a jump in revenue alone is a few large orders
     * (a week of steady traffic had one a day); more orders show in {@link #ORDERS}.
     */
    REVENUE("revenue per minute", MinuteFigures::revenue, null, Direction.DOWN, 4.0, 5),
    ORDERS("orders per minute", MinuteFigures::orders, null, Direction.BOTH, 4.0),
    EVENTS_PER_SESSION(
            "events per active session", MinuteFigures::events, MinuteFigures::sessions, Direction.BOTH, 2.0),
    CONVERSION("orders per active session", MinuteFigures::orders, MinuteFigures::sessions, Direction.BOTH, 2.0),
    /**
     * Cancellations among the orders whose payment was settled, either way: a payment outage cancels every order it
     * touches. Over orders placed it would lag, as an order is paid or cancelled a minute or two after it is placed.
     */
    CANCELLED_SHARE(
            "orders cancelled per order paid or cancelled",
            MinuteFigures::cancelledOrders,
            m -> m.paidOrders() + m.cancelledOrders(),
            Direction.UP,
            2.0),
    VIEW_CONCENTRATION(
            "share of product views on the minute's five most viewed products",
            MinuteFigures::topProductViews,
            MinuteFigures::productViews,
            Direction.UP,
            2.0),
    DEAD_LETTER_RATE(
            "dead letters per record",
            MinuteFigures::deadLetters,
            m -> m.events() + m.deadLetters(),
            Direction.UP,
            2.0);

    /** Which way a change must go to count. */
    public enum Direction {
        UP,
        DOWN,
        BOTH
    }

    private final String description;
    private final ToDoubleFunction<MinuteFigures> numerator;
    private final ToDoubleFunction<MinuteFigures> denominator;
    private final Direction direction;
    private final double minFactor;
    private final int minScale;

    Figure(
            String description,
            ToDoubleFunction<MinuteFigures> numerator,
            ToDoubleFunction<MinuteFigures> denominator,
            Direction direction,
            double minFactor) {
        this(description, numerator, denominator, direction, minFactor, 1);
    }

    Figure(
            String description,
            ToDoubleFunction<MinuteFigures> numerator,
            ToDoubleFunction<MinuteFigures> denominator,
            Direction direction,
            double minFactor,
            int minScale) {
        this.minScale = minScale;
        this.description = description;
        this.numerator = numerator;
        this.denominator = denominator;
        this.direction = direction;
        this.minFactor = minFactor;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }

    double numerator(MinuteFigures m) {
        return numerator.applyAsDouble(m);
    }

    /** 1 for a volume. */
    double denominator(MinuteFigures m) {
        return denominator == null ? 1 : denominator.applyAsDouble(m);
    }

    boolean isRate() {
        return denominator != null;
    }

    public Direction direction() {
        return direction;
    }

    /** Observed over expected must reach this (or fall to its inverse) for an alarm. */
    public double minFactor() {
        return minFactor;
    }

    /** The shortest window (minutes) this figure is judged over. */
    public int minScale() {
        return minScale;
    }
}
