package dev.lakehouse.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lakehouse.contracts.experiments.Assignment;
import dev.lakehouse.experiments.ExperimentAnalysis.Result;
import dev.lakehouse.experiments.ExperimentAnalysis.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis' rules on hand-made outcomes: the horizon, the peeking guard, the ratio check. */
class ExperimentAnalysisTest {

    /** Sessions alternating treatment / control; every {@code 1/rate}-th of a variant converts with 10.00. */
    static List<SessionOutcome> sessions(long perVariant, double treatmentRate, double controlRate) {
        List<SessionOutcome> out = new ArrayList<>();
        double t = 0;
        double c = 0;
        for (long i = 0; i < perVariant; i++) {
            t += treatmentRate;
            boolean tc = t >= 1;
            t -= tc ? 1 : 0;
            out.add(new SessionOutcome(Assignment.TREATMENT, tc, tc ? 10 : 0));
            c += controlRate;
            boolean cc = c >= 1;
            c -= cc ? 1 : 0;
            out.add(new SessionOutcome(Assignment.CONTROL, cc, cc ? 10 : 0));
        }
        return out;
    }

    @Test
    void theHorizonIsTheSampleSizeOfTheTextbooks() {
        // 3 % baseline, +10 % relative, 95 % / 80 %, even split: about 53,000 sessions per variant.
        FixedHorizon design = FixedHorizon.of(0.03, 0.10);
        assertThat((double) design.treatmentSessions()).isCloseTo(53_000, within(1_000.0));
        assertThat(design.controlSessions()).isEqualTo(design.treatmentSessions());
        assertThat(design.z()).isCloseTo(1.95996, within(1e-4));
    }

    @Test
    void noVerdictBeforeTheHorizonHoweverClearTheDifference() {
        FixedHorizon design = FixedHorizon.of(0.30, 0.10);
        Result early = ExperimentAnalysis.analyse(sessions(design.treatmentSessions() / 2, 0.45, 0.30), design);
        assertThat(early.conversionLift().positive())
                .as("the interval alone would say 'better'")
                .isTrue();
        assertThat(early.verdict()).isEqualTo(Verdict.NOT_DUE);

        Result due = ExperimentAnalysis.analyse(sessions(design.treatmentSessions(), 0.45, 0.30), design);
        assertThat(due.verdict()).isEqualTo(Verdict.TREATMENT_BETTER);
        assertThat(due.conversionLift().estimate()).isCloseTo(0.5, within(0.01));
        assertThat(due.revenueLift().estimate()).isCloseTo(0.5, within(0.01));
        assertThat(due.control().revenuePerSession()).isCloseTo(3.0, within(0.01));
    }

    @Test
    void sessionsPastTheHorizonDoNotChangeTheFigures() {
        FixedHorizon design = FixedHorizon.of(0.30, 0.10);
        List<SessionOutcome> atHorizon = sessions(design.treatmentSessions(), 0.31, 0.30);
        List<SessionOutcome> longer = new ArrayList<>(atHorizon);
        // A later stretch where treatment converts far better: an analyst waiting for a win would wait for it.
        longer.addAll(sessions(design.treatmentSessions(), 0.60, 0.30));
        Result a = ExperimentAnalysis.analyse(atHorizon, design);
        Result b = ExperimentAnalysis.analyse(longer, design);
        assertThat(a.verdict()).isEqualTo(Verdict.NO_SIGNIFICANT_DIFFERENCE);
        assertThat(b.verdict()).isEqualTo(a.verdict());
        assertThat(b.conversionLift()).isEqualTo(a.conversionLift());
        assertThat(b.treatment().sessions()).isEqualTo(design.treatmentSessions());
    }

    @Test
    void aSplitOffTheDesignIsFlaggedAndOverridesTheVerdict() {
        assertThat(SampleRatioCheck.of(5_000, 5_000, 0.5).mismatch()).isFalse();
        assertThat(SampleRatioCheck.of(5_080, 4_920, 0.5).mismatch())
                .as("z = 1.6")
                .isFalse();
        assertThat(SampleRatioCheck.of(5_200, 4_800, 0.5).mismatch())
                .as("z = 4")
                .isTrue();
        assertThat(SampleRatioCheck.of(2_000, 8_000, 0.2).mismatch())
                .as("a designed 20/80 split")
                .isFalse();

        FixedHorizon design = FixedHorizon.of(0.30, 0.10);
        List<SessionOutcome> lopsided = new ArrayList<>(sessions(design.treatmentSessions(), 0.45, 0.30));
        for (int i = 0; i < 600; i++) {
            lopsided.add(new SessionOutcome(Assignment.TREATMENT, false, 0));
        }
        assertThat(ExperimentAnalysis.analyse(lopsided, design).verdict()).isEqualTo(Verdict.SAMPLE_RATIO_MISMATCH);
    }

    @Test
    void theNormalDistributionIsRight() {
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.cdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(Normal.cdf(-3.290527)).isCloseTo(0.0005, within(1e-6));
        assertThat(Normal.quantile(0.8)).isCloseTo(0.841621, within(1e-6));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    }
}
