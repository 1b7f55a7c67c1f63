package dev.lakehouse.supervision;

import java.time.Duration;

/**
 * How one loop is supervised.
 *
 * @param stuckAfter            no beat for longer than this while running: the loop is stuck (liveness DOWN)
 * @param firstBackoff          pause before the first restart; it doubles with every failure in a row ...
 * @param maxBackoff            ... up to this cap
 * @param healthyAfter          a life that keeps beating this long counts as healthy: backoff and failure streak reset
 * @param unhealthyAfterFailures failures in a row (no healthy stretch between) after which liveness is DOWN even
 *                               though the loop is still being restarted: it cannot get going
 */
public record LoopSettings(
        Duration stuckAfter,
        Duration firstBackoff,
        Duration maxBackoff,
        Duration healthyAfter,
        int unhealthyAfterFailures) {

    /** The pause before restart number {@code failuresInARow} (1-based): first, 2 x first, 4 x first ... capped. */
    Duration backoff(int failuresInARow) {
        int doublings = Math.min(Math.max(0, failuresInARow - 1), 30);
        long millis = firstBackoff.toMillis() << doublings;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
