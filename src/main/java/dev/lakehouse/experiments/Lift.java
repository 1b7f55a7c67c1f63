package dev.lakehouse.experiments;

/**
 * A relative lift of treatment over control (0.1 = treatment 10 % higher) with its two-sided
 * confidence interval. Both metrics here are ratios of means, so the interval is built on the log
 * of the ratio (delta method), where the sampling distribution is close to normal, and mapped back:
 * it is not symmetric around the estimate, and it never goes below -100 %.
 */
public record Lift(double estimate, double low, double high) {

    /** Treatment mean {@code t} (variance of the mean {@code varT}) over control mean {@code c} ({@code varC}). */
    static Lift ofMeans(double t, double varT, double c, double varC, double z) {
        if (t <= 0 || c <= 0) {
            return new Lift(Double.NaN, Double.NaN, Double.NaN);
        }
        double logRatio = Math.log(t / c);
        double se = Math.sqrt(varT / (t * t) + varC / (c * c));
        return new Lift(Math.expm1(logRatio), Math.expm1(logRatio - z * se), Math.expm1(logRatio + z * se));
    }

    public boolean covers(double trueLift) {
        return low <= trueLift && trueLift <= high;
    }

    /** The interval lies wholly above 0: treatment is better. */
    public boolean positive() {
        return low > 0;
    }

    /** The interval lies wholly below 0: treatment is worse. */
    public boolean negative() {
        return high < 0;
    }
}
