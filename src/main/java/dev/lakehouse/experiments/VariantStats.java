package dev.lakehouse.experiments;

/**
 * One variant's sessions, conversions and revenue per session (mean and sample variance, by
 * Welford's update so a long experiment adds up without cancellation).
 */
public final class VariantStats {

    private long sessions;
    private long conversions;
    private double meanRevenue;
    private double squares;

    void add(SessionOutcome outcome) {
        sessions++;
        if (outcome.converted()) {
            conversions++;
        }
        double delta = outcome.revenue() - meanRevenue;
        meanRevenue += delta / sessions;
        squares += delta * (outcome.revenue() - meanRevenue);
    }

    public long sessions() {
        return sessions;
    }

    public long conversions() {
        return conversions;
    }

    public double conversionRate() {
        return sessions == 0 ? 0 : (double) conversions / sessions;
    }

    public double revenuePerSession() {
        return meanRevenue;
    }

    /** Sample variance of revenue per session. */
    public double revenueVariance() {
        return sessions < 2 ? 0 : squares / (sessions - 1);
    }
}
