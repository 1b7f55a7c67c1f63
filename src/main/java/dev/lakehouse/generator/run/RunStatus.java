package dev.lakehouse.generator.run;

import java.util.Map;

/**
 * A snapshot of a run, as GET /generator/status and the CLI's progress show it. {@code openingRecords}:
 * the store's opening (catalog, stock, customers) at the head of the stream, sent without pacing.
 */
public record RunStatus(
        String state,
        long seed,
        long records,
        long sessions,
        double eventsPerSecond,
        double targetEventsPerSecond,
        String simulatedTime,
        double elapsedSeconds,
        Double percentDone,
        long valueBytes,
        Map<String, Long> faults,
        String ledger,
        String error,
        long openingRecords) {}
