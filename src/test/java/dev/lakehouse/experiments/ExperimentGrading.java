package dev.lakehouse.experiments;

import dev.lakehouse.experiments.ExperimentAnalysis.Result;
import dev.lakehouse.experiments.ExperimentAnalysis.Verdict;
import dev.lakehouse.generator.model.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Grades the experiment analysis against the simulation's truth over many seeds: each run simulates
 * one experiment to the design's horizon and analyses it once. ExperimentGradingTest runs it small;
 * bench/experiments/run.sh runs it full size (this class's main).
 *
 * <ul>
 *   <li>true 10 % lift: how often the 95 % interval covers 10 % (conversion and revenue per session), and
 *       how often the verdict is "treatment better" (the power; the design promises 80 %);
 *   <li>A/A (no effect): how often treatment "wins" (nominal 2.5 %) or either side does (5 %), and, to show
 *       what the fixed horizon guards against, how often it would have won had the analyst peeked at ten
 *       interim looks and stopped at the first significant one;
 *   <li>sample ratio: how often a healthy split is flagged (nominal 0.1 %), and how often a broken one
 *       (15 % of treatment's sessions never reach the lake: 46 % seen in treatment, 50 % designed) is.
 * </ul>
 */
final class ExperimentGrading {

    static final double TRUE_LIFT = 0.10;
    /** The broken variant loses this share of its sessions before the lake sees them. */
    static final double BROKEN_LOSS = 0.15;

    static final int LOOKS = 10;

    /** Every figure a grading run yields; rates are shares of runs. */
    record Figures(
            int runs,
            long sessionsPerRun,
            double conversionCoverage,
            double revenueCoverage,
            double power,
            double designedPower,
            double aaTreatmentWins,
            double aaAnySignificant,
            double aaCoverage,
            double aaPeekingWins,
            double srmFalseAlarms,
            double srmBrokenFlagged,
            double seconds) {

        String json(boolean fullRun) {
            return String.format(
                    Locale.ROOT,
                    """
                    {
                     "full_run": %s,
                     "runs": %d,
                     "sessions_per_run": %d,
                     "baseline_conversion": %.2f,
                     "true_lift": %.2f,
                     "design": "fixed horizon, 95 %% intervals (alpha 0.05 two-sided), power %.2f for a %.0f %% lift",
                     "conversion_lift_interval_coverage": %.4f,
                     "revenue_per_session_lift_interval_coverage": %.4f,
                     "power": %.4f,
                     "aa_treatment_wins": %.4f,
                     "aa_any_significant": %.4f,
                     "aa_interval_coverage": %.4f,
                     "aa_wins_if_peeking_at_%d_looks": %.4f,
                     "srm_false_alarms": %.4f,
                     "srm_broken_split_flagged": %.4f,
                     "broken_split_treatment_loss": %.2f,
                     "seconds": %.1f
                    }
                    """,
                    fullRun,
                    runs,
                    sessionsPerRun,
                    BASELINE,
                    TRUE_LIFT,
                    designedPower,
                    TRUE_LIFT * 100,
                    conversionCoverage,
                    revenueCoverage,
                    power,
                    aaTreatmentWins,
                    aaAnySignificant,
                    aaCoverage,
                    LOOKS,
                    aaPeekingWins,
                    srmFalseAlarms,
                    srmBrokenFlagged,
                    BROKEN_LOSS,
                    seconds);
        }
    }

    static final double BASELINE = 0.30;
    static final FixedHorizon DESIGN = FixedHorizon.of(BASELINE, TRUE_LIFT);

    private ExperimentGrading() {}

    /** {@code runs} seeds (from {@code firstSeed}) for each of: a true lift, an A/A test, a broken split. */
    static Figures grade(int runs, long firstSeed) {
        long start = System.nanoTime();
        long n = DESIGN.treatmentSessions() + DESIGN.controlSessions();
        int convCovered = 0;
        int revCovered = 0;
        int detected = 0;
        int aaWins = 0;
        int aaSignificant = 0;
        int aaCovered = 0;
        int aaPeekWins = 0;
        int srmHealthy = 0;
        int srmBroken = 0;
        for (int r = 0; r < runs; r++) {
            // Neighbouring seeds are mixed first: runs must be independent draws for the rates to mean anything.
            long seed = new SplittableRandom(firstSeed + r).nextLong();
            Result lift = analyse(seed, "lift", TRUE_LIFT, 0);
            convCovered += lift.conversionLift().covers(TRUE_LIFT) ? 1 : 0;
            revCovered += lift.revenueLift().covers(TRUE_LIFT) ? 1 : 0;
            detected += lift.verdict() == Verdict.TREATMENT_BETTER ? 1 : 0;
            srmHealthy += lift.sampleRatio().mismatch() ? 1 : 0;

            List<SessionOutcome> aa = SimulatedExperiment.run(
                    SimulatedExperiment.smallShop(seed, new Experiment("aa", 0.5, 0)), DESIGN, 0);
            Result aaResult = ExperimentAnalysis.analyse(aa, DESIGN);
            aaWins += aaResult.verdict() == Verdict.TREATMENT_BETTER ? 1 : 0;
            aaSignificant += aaResult.conversionLift().positive()
                            || aaResult.conversionLift().negative()
                    ? 1
                    : 0;
            aaCovered += aaResult.conversionLift().covers(0) ? 1 : 0;
            srmHealthy += aaResult.sampleRatio().mismatch() ? 1 : 0;
            aaPeekWins += wonAtSomeLook(aa) ? 1 : 0;

            Result broken = analyse(seed, "broken", 0, BROKEN_LOSS);
            srmBroken += broken.verdict() == Verdict.SAMPLE_RATIO_MISMATCH ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(
                runs,
                n,
                (double) convCovered / runs,
                (double) revCovered / runs,
                (double) detected / runs,
                DESIGN.power(),
                (double) aaWins / runs,
                (double) aaSignificant / runs,
                (double) aaCovered / runs,
                (double) aaPeekWins / runs,
                srmHealthy / (2.0 * runs),
                (double) srmBroken / runs,
                seconds);
    }

    private static Result analyse(long seed, String id, double trueLift, double treatmentLoss) {
        List<SessionOutcome> outcomes = SimulatedExperiment.run(
                SimulatedExperiment.smallShop(seed, new Experiment(id, DESIGN.treatmentShare(), trueLift)),
                DESIGN,
                treatmentLoss);
        return ExperimentAnalysis.analyse(outcomes, DESIGN);
    }

    /** What an analyst who looks at every tenth of the horizon and stops at the first win would conclude. */
    private static boolean wonAtSomeLook(List<SessionOutcome> outcomes) {
        for (int look = 1; look <= LOOKS; look++) {
            List<SessionOutcome> sofar = outcomes.subList(0, (int) (outcomes.size() * (long) look / LOOKS));
            if (ExperimentAnalysis.analyse(sofar, DESIGN).conversionLift().positive()) {
                return true;
            }
        }
        return false;
    }

    /** bench/experiments/run.sh: {@code RUNS FIRST_SEED OUT_JSON FULL_RUN}. */
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        long firstSeed = Long.parseLong(args[1]);
        Figures figures = grade(runs, firstSeed);
        String json = figures.json(Boolean.parseBoolean(args[3]));
        Files.writeString(Path.of(args[2]), json);
        System.out.print(json);
    }
}
