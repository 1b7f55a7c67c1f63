package dev.lakehouse.generator.simulation;

/**
 * Relative visit intensity by hour of day and day of week (UTC, a single-market shop): quiet
 * nights, a lunch bump and an evening peak; busier weekends. Averages 1 over a week, so the
 * configured sessions per hour is the weekly mean.
 */
final class Seasonality {

    private static final double[] HOURLY = {
        0.30, 0.20, 0.15, 0.12, 0.12, 0.18, 0.35, 0.60, 0.85, 1.00, 1.10, 1.20,
        1.35, 1.30, 1.15, 1.10, 1.15, 1.30, 1.55, 1.80, 1.95, 1.80, 1.30, 0.70
    };
    private static final double[] DAILY = {0.92, 0.90, 0.93, 0.97, 1.05, 1.13, 1.10};
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long DAY_MILLIS = 24 * HOUR_MILLIS;
    /** 1970-01-01 was a Thursday: three days after a Monday. */
    private static final long EPOCH_DAY_FROM_MONDAY = 3;

    private static final double MEAN;
    static final double PEAK;

    static {
        double sum = 0;
        double max = 0;
        for (double h : HOURLY) {
            for (double d : DAILY) {
                sum += h * d;
                max = Math.max(max, h * d);
            }
        }
        MEAN = sum / (HOURLY.length * DAILY.length);
        PEAK = max / MEAN;
    }

    private Seasonality() {}

    /** Intensity at this instant relative to the weekly mean (between about 0.1 and {@link #PEAK}). */
    static double factor(long epochMillis) {
        // Plain arithmetic, not ZonedDateTime: this runs for every candidate visit, and atZone(UTC)
        // built new ZoneRules each time (~90 MB of garbage per 1M records in a JFR allocation profile).
        long day = Math.floorDiv(epochMillis, DAY_MILLIS);
        int hour = (int) (Math.floorMod(epochMillis, DAY_MILLIS) / HOUR_MILLIS);
        int mondayBased = (int) Math.floorMod(day + EPOCH_DAY_FROM_MONDAY, 7L);
        return HOURLY[hour] * DAILY[mondayBased] / MEAN;
    }
}
