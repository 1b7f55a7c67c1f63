package dev.lakehouse.experiments;

/**
 * Sample-ratio mismatch: were sessions split as designed? A chi-square goodness-of-fit test of the
 * observed treatment and control counts against the designed share (one degree of freedom). A split
 * that is off means the assignment or the logging is broken (a variant that loses sessions, bots in
 * one arm), and every other figure of the experiment is then untrustworthy, whatever it says.
 * The threshold is strict (p below 0.001), as is usual: the check runs on every experiment and a
 * false alarm stops one.
 *
 * @param expectedShare the designed share of treatment
 * @param observedShare treatment / (treatment + control)
 */
public record SampleRatioCheck(double expectedShare, double observedShare, double chiSquare, double pValue) {

    public static final double ALPHA = 0.001;

    public static SampleRatioCheck of(long treatment, long control, double expectedShare) {
        long n = treatment + control;
        if (n == 0) {
            return new SampleRatioCheck(expectedShare, Double.NaN, 0, 1);
        }
        double expectedT = n * expectedShare;
        double expectedC = n - expectedT;
        double chi = (treatment - expectedT) * (treatment - expectedT) / expectedT
                + (control - expectedC) * (control - expectedC) / expectedC;
        // Chi-square with one degree of freedom is the square of a standard normal.
        double p = 2 * (1 - Normal.cdf(Math.sqrt(chi)));
        return new SampleRatioCheck(expectedShare, (double) treatment / n, chi, p);
    }

    public boolean mismatch() {
        return pValue < ALPHA;
    }
}
