package dev.lakehouse.experiments;

import dev.lakehouse.contracts.experiments.Assignment;

/**
 * The analysis of an A/B experiment from its sessions' outcomes, in the order the sessions started:
 * conversion and revenue per session per variant, the relative lift of each with its confidence
 * interval, a sample-ratio-mismatch check, and a verdict on conversion (the primary metric).
 *
 * <p>The guard against peeking is a fixed horizon ({@link FixedHorizon}): the figures count only the
 * first {@code treatmentSessions()} and {@code controlSessions()} sessions of the variants, so they do not
 * change once the horizon is reached however long the experiment keeps running, and before it is
 * reached the verdict is {@link Verdict#NOT_DUE} whatever the interval shows. The ratio check counts
 * every session, as a broken split shows at any time and invalidates the experiment at once.
 */
public final class ExperimentAnalysis {

    public enum Verdict {
        /** The horizon is not reached: no decision, whatever the interval shows. */
        NOT_DUE,
        /** The split is not the designed one: the experiment is broken, its figures are not to be trusted. */
        SAMPLE_RATIO_MISMATCH,
        TREATMENT_BETTER,
        TREATMENT_WORSE,
        NO_SIGNIFICANT_DIFFERENCE
    }

    /**
     * @param control        control's sessions up to the horizon
     * @param treatment      treatment's sessions up to the horizon
     * @param conversionLift treatment's relative lift in conversion rate
     * @param revenueLift    treatment's relative lift in revenue per session
     * @param sampleRatio    the split of all sessions against the designed share
     */
    public record Result(
            FixedHorizon design,
            VariantStats control,
            VariantStats treatment,
            Lift conversionLift,
            Lift revenueLift,
            SampleRatioCheck sampleRatio,
            Verdict verdict) {}

    private ExperimentAnalysis() {}

    public static Result analyse(Iterable<SessionOutcome> sessionsInStartOrder, FixedHorizon design) {
        VariantStats control = new VariantStats();
        VariantStats treatment = new VariantStats();
        long allControl = 0;
        long allTreatment = 0;
        for (SessionOutcome s : sessionsInStartOrder) {
            if (Assignment.TREATMENT.equals(s.variant())) {
                allTreatment++;
                if (treatment.sessions() < design.treatmentSessions()) {
                    treatment.add(s);
                }
            } else if (Assignment.CONTROL.equals(s.variant())) {
                allControl++;
                if (control.sessions() < design.controlSessions()) {
                    control.add(s);
                }
            } else {
                throw new IllegalArgumentException("unknown variant " + s.variant());
            }
        }
        double z = design.z();
        Lift conversion = Lift.ofMeans(
                treatment.conversionRate(),
                binomialVariance(treatment),
                control.conversionRate(),
                binomialVariance(control),
                z);
        Lift revenue = Lift.ofMeans(
                treatment.revenuePerSession(),
                treatment.revenueVariance() / Math.max(1, treatment.sessions()),
                control.revenuePerSession(),
                control.revenueVariance() / Math.max(1, control.sessions()),
                z);
        SampleRatioCheck ratio = SampleRatioCheck.of(allTreatment, allControl, design.treatmentShare());
        Verdict verdict;
        if (ratio.mismatch()) {
            verdict = Verdict.SAMPLE_RATIO_MISMATCH;
        } else if (treatment.sessions() < design.treatmentSessions() || control.sessions() < design.controlSessions()) {
            verdict = Verdict.NOT_DUE;
        } else if (conversion.positive()) {
            verdict = Verdict.TREATMENT_BETTER;
        } else if (conversion.negative()) {
            verdict = Verdict.TREATMENT_WORSE;
        } else {
            verdict = Verdict.NO_SIGNIFICANT_DIFFERENCE;
        }
        return new Result(design, control, treatment, conversion, revenue, ratio, verdict);
    }

    /** Variance of a conversion rate's estimate: p (1 - p) / n. */
    private static double binomialVariance(VariantStats v) {
        double p = v.conversionRate();
        return v.sessions() == 0 ? 0 : p * (1 - p) / v.sessions();
    }
}
