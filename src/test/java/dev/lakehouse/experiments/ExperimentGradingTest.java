package dev.lakehouse.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.experiments.ExperimentGrading.Figures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiment analysis graded against the simulation's truth, small: 50 seeds of each kind of run
 * (true 10 % lift, A/A, broken split), a few seconds in all. Each rate must lie within three binomial
 * standard deviations of what the statistics promise for 50 runs (the seeds are fixed, so the figures
 * are too; a wrong interval or sample size moves them well outside). The full-size figures (1000 seeds)
 * are bench/experiments/run.sh's.
 */
class ExperimentGradingTest {

    static final int RUNS = 50;
    static Figures figures;

    @BeforeAll
    static void grade() {
        figures = ExperimentGrading.grade(RUNS, 1);
        System.out.print(figures.json(false));
    }

    /** Nominal rate p, three standard deviations of a share of RUNS runs. */
    static double tolerance(double p) {
        return 3 * Math.sqrt(p * (1 - p) / RUNS);
    }

    @Test
    void theIntervalsCoverTheTrueLiftAboutNinetyFivePercentOfRuns() {
        assertThat(figures.conversionCoverage())
                .as("conversion lift coverage")
                .isGreaterThanOrEqualTo(0.95 - tolerance(0.95));
        assertThat(figures.revenueCoverage())
                .as("revenue lift coverage")
                .isGreaterThanOrEqualTo(0.95 - tolerance(0.95));
        assertThat(figures.aaCoverage()).as("A/A coverage of 0").isGreaterThanOrEqualTo(0.95 - tolerance(0.95));
    }

    @Test
    void aTrueTenPercentLiftIsDetectedWithThePowerTheDesignPromises() {
        assertThat(figures.designedPower()).isEqualTo(0.8);
        assertThat(figures.power())
                .as("share of runs with a true 10 %% lift whose verdict is 'treatment better'")
                .isBetween(0.8 - tolerance(0.8), 1.0);
    }

    @Test
    void anAaTestRarelyWinsButPeekingWouldMakeItWinMoreOften() {
        assertThat(figures.aaTreatmentWins())
                .as("A/A 'treatment better'")
                .isLessThanOrEqualTo(0.025 + tolerance(0.025));
        assertThat(figures.aaAnySignificant())
                .as("A/A either side significant")
                .isLessThanOrEqualTo(0.05 + tolerance(0.05));
        assertThat(figures.aaPeekingWins())
                .as("A/A wins had the analyst stopped at the first of ten looks that won")
                .isGreaterThan(figures.aaTreatmentWins());
    }

    @Test
    void theRatioCheckFlagsABrokenSplitAndLeavesHealthyOnesAlone() {
        assertThat(figures.srmBrokenFlagged()).as("broken splits flagged").isGreaterThanOrEqualTo(0.9);
        assertThat(figures.srmFalseAlarms()).as("healthy splits flagged").isLessThanOrEqualTo(0.02);
    }
}
