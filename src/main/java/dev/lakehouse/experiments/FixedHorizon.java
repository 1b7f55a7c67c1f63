package dev.lakehouse.experiments;

/**
 * The design of an experiment, fixed before it starts: the smallest relative lift in conversion
 * worth detecting, the false-positive rate {@code alpha} (two-sided) and the power wanted. From them
 * follow the sessions each variant needs, the horizon. The analysis gives its verdict once, on the
 * first sessions of each variant up to the horizon (see {@link ExperimentAnalysis}): looking earlier
 * and stopping at the first significant result would make false wins several times likelier than
 * {@code alpha} says (the peeking problem), and looking again later would too.
 *
 * <p>The sample size is the one of the test the analysis runs, a z-test on the log of the ratio of
 * conversion rates: sessions n with {@code (z(1-alpha/2) + z(power))^2 * ((1-pT)/(s pT) + (1-pC)/((1-s) pC))
 * / log(1+lift)^2}, s the treatment share.
 *
 * @param baselineConversion control's expected conversion rate
 * @param minimumLift        smallest relative lift to detect (0.1 = +10 %)
 * @param alpha              two-sided false-positive rate (0.05: 95 % intervals)
 * @param power              chance to detect a true {@code minimumLift}
 * @param treatmentShare     designed share of sessions in treatment
 */
public record FixedHorizon(
        double baselineConversion, double minimumLift, double alpha, double power, double treatmentShare) {

    public FixedHorizon {
        if (!(baselineConversion > 0 && baselineConversion * (1 + minimumLift) < 1 && minimumLift > 0)) {
            throw new IllegalArgumentException("need 0 < baseline and 0 < lift with baseline * (1 + lift) < 1");
        }
        if (!(alpha > 0 && alpha < 1 && power > 0 && power < 1 && treatmentShare > 0 && treatmentShare < 1)) {
            throw new IllegalArgumentException("alpha, power and the treatment share must be in (0, 1)");
        }
    }

    /** The usual design: 95 % intervals, 80 % power, an even split. */
    public static FixedHorizon of(double baselineConversion, double minimumLift) {
        return new FixedHorizon(baselineConversion, minimumLift, 0.05, 0.8, 0.5);
    }

    /** z of the two-sided intervals. */
    public double z() {
        return Normal.quantile(1 - alpha / 2);
    }

    /** Sessions in both variants together at the horizon. */
    public long totalSessions() {
        double pc = baselineConversion;
        double pt = baselineConversion * (1 + minimumLift);
        double zs = z() + Normal.quantile(power);
        double variance = (1 - pt) / (treatmentShare * pt) + (1 - pc) / ((1 - treatmentShare) * pc);
        double effect = Math.log1p(minimumLift);
        return (long) Math.ceil(zs * zs * variance / (effect * effect));
    }

    public long treatmentSessions() {
        return (long) Math.ceil(totalSessions() * treatmentShare);
    }

    public long controlSessions() {
        return (long) Math.ceil(totalSessions() * (1 - treatmentShare));
    }
}
