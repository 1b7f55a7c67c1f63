package dev.lakehouse.generator.run;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run stops and how fast it goes. Any limit that is null is not applied; a run with
 * none runs until stopped.
 *
 * @param maxRecords      stop after this many records sent (faults included)
 * @param maxWallTime     stop after this much wall-clock time
 * @param until           stop when simulated time reaches this instant
 * @param eventsPerSecond target send rate; 0 = as fast as Kafka accepts (backfill)
 * @param realTime        never send an event before the wall clock reaches its event_time
 */
public record RunLimits(
        Long maxRecords, Duration maxWallTime, Instant until, double eventsPerSecond, boolean realTime) {

    public static RunLimits records(long n) {
        return new RunLimits(n, null, null, 0, false);
    }
}
