package dev.lakehouse.anomalies;

/**
 * Tail probabilities of a Poisson distribution, summed term by term from the boundary outwards (each term from
 * the last by one multiplication), so tiny probabilities stay exact where a normal approximation would be off by
 * orders of magnitude: no payment in five minutes when twelve were expected is p = 6e-6, not the 1e-9 of a
 * z-score.
 */
final class PoissonTail {

    private static final int MAX_TERMS = 100_000;

    private PoissonTail() {}

    /** P(X >= k) for X ~ Poisson(mean). */
    static double atLeast(long k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        if (k <= mean) {
            // The tail is the bulk: sum the other side (whose boundary term does not underflow) and take it away.
            return 1 - atMost(k - 1, mean);
        }
        double term = Math.exp(logTerm(k, mean));
        double sum = 0;
        for (long i = k; i < k + MAX_TERMS && term > 0; i++) {
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
            term *= mean / (i + 1);
        }
        return Math.min(1, sum);
    }

    /** P(X <= k) for X ~ Poisson(mean). */
    static double atMost(long k, double mean) {
        if (k < 0) {
            return 0;
        }
        if (mean <= 0) {
            return 1;
        }
        if (k >= mean) {
            return 1 - atLeast(k + 1, mean);
        }
        double term = Math.exp(logTerm(k, mean));
        double sum = 0;
        for (long i = k; i >= 0 && term > 0; i--) {
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
            term *= i / mean;
        }
        return Math.min(1, sum);
    }

    /** log(e^-mean mean^k / k!). */
    private static double logTerm(long k, double mean) {
        return -mean + k * Math.log(mean) - logFactorial(k);
    }

    /** log(k!), exact below 20, Stirling's series above (relative error below 1e-12 there). */
    static double logFactorial(long k) {
        if (k < 20) {
            double f = 1;
            for (int i = 2; i <= k; i++) {
                f *= i;
            }
            return Math.log(f);
        }
        double n = k;
        return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n * n * n);
    }
}
