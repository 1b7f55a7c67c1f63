package dev.lakehouse.anomalies;

import java.time.Instant;

/**
 * One anomaly: a figure that left its baseline, from the first minute of the window that raised it to the end of
 * its last anomalous minute. The same minutes always give the same anomaly (the detector is deterministic), so
 * {@link #id()} names it across runs of the detector: a live detector that runs again publishes nothing twice.
 *
 * @param figure     which figure
 * @param direction  UP or DOWN
 * @param start      start of the first anomalous window
 * @param detectedAt end of the minute whose figures raised it: the earliest it could be known
 * @param end        end of its last anomalous minute
 * @param ongoing    whether that minute is the newest one the detector saw
 * @param observed   the figure in the window that gave the strongest evidence (a rate, or a volume per minute)
 * @param expected   its baseline there
 * @param pValue     the chance of a change at least that large from the baseline, at its strongest
 */
public record Anomaly(
        Figure figure,
        Figure.Direction direction,
        Instant start,
        Instant detectedAt,
        Instant end,
        boolean ongoing,
        double observed,
        double expected,
        double pValue) {

    public String id() {
        return figure.id() + "@" + start;
    }
}
