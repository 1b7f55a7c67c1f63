package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One incident of a run as it really was, for the anomaly graders: its kind (payment-outage, bot-swarm,
 * pricing-error) and its window in simulated (event) time, start inclusive, end exclusive.
 */
public record IncidentTruth(
        @JsonProperty("kind") String kind,
        @JsonProperty("start") String start,
        @JsonProperty("end") String end) {

    /** The windows of a run's incidents: offsets from its simulated start. */
    public static java.util.List<IncidentTruth> of(dev.lakehouse.generator.model.GeneratorSettings settings) {
        java.time.Instant from = settings.from();
        return settings.incidents().stream()
                .map(i -> new IncidentTruth(
                        i.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        from.plus(i.start()).toString(),
                        from.plus(i.start()).plus(i.duration()).toString()))
                .toList();
    }
}
