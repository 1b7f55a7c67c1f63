package dev.lakehouse.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.anomalies.AnomalyGrading.Detection;
import dev.lakehouse.anomalies.AnomalyGrading.IncidentsRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detector graded against the simulation's truth, small: the incidents scenario on three seeds (each an hour of
 * ordinary traffic, then its payment outage, bot swarm and pricing error, at a random minute of a shop day) and one
 * simulated day of the steady scenario, about 6 s in all (up to 30 s on a loaded machine). The goals: every incident detected within 5
 * minutes of simulated time, and at most one false alarm per simulated day on steady. The full figures (100 seeds,
 * 28 steady days, night runs) are bench/anomalies/run.sh's.
 */
class AnomalyGradingTest {

    static final AnomalyDetector DETECTOR = new AnomalyDetector();

    @Test
    void everyIncidentIsDetectedWithinFiveMinutesWithoutFalseAlarms() {
        List<IncidentsRun> runs = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            runs.add(AnomalyGrading.incidents(seed, false, DETECTOR));
        }
        for (IncidentsRun run : runs) {
            assertThat(run.detections())
                    .extracting(Detection::kind)
                    .containsExactly("payment-outage", "bot-swarm", "pricing-error");
            for (Detection d : run.detections()) {
                assertThat(d.delay())
                        .as("seed %d: %s from %s detected after", run.seed(), d.kind(), d.start())
                        .isNotNull()
                        .isPositive()
                        .isLessThanOrEqualTo(AnomalyGrading.GOAL);
            }
            assertThat(run.falseAlarms())
                    .as("seed %d: false alarms", run.seed())
                    .isZero();
        }
        assertThat(AnomalyGrading.precision(runs)).isEqualTo(1.0);
    }

    @Test
    void aSteadyDayRaisesAtMostOneFalseAlarm() {
        List<Anomaly> alarms = AnomalyGrading.steady(2, 1, DETECTOR);
        assertThat(alarms).as("anomalies in a simulated steady day").hasSizeLessThanOrEqualTo(1);
    }
}
