package dev.lakehouse.anomalies;

import java.time.Instant;

/**
 * What the shop did in one minute of event time, the detector's input, counted as the lake counts it: valid,
 * on-time, deduplicated events by their event time (silver and gold); dead letters by the minute they were judged.
 *
 * @param minute          start of the minute
 * @param events          valid events of every domain
 * @param deadLetters     records dead-lettered (poison)
 * @param sessions        distinct clickstream sessions with an event in the minute
 * @param productViews    ProductViewed events
 * @param topProductViews views of the minute's five most viewed products (a rush on a few products shows here)
 * @param orders          orders placed (gold's orders per minute)
 * @param revenue         total of the orders placed (gold's revenue per minute)
 * @param paidOrders      orders paid
 * @param cancelledOrders orders cancelled (a payment outage cancels every order it touches)
 */
public record MinuteFigures(
        Instant minute,
        long events,
        long deadLetters,
        long sessions,
        long productViews,
        long topProductViews,
        long orders,
        double revenue,
        long paidOrders,
        long cancelledOrders) {

    /** A minute in which nothing arrived. */
    public static MinuteFigures empty(Instant minute) {
        return new MinuteFigures(minute, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
