package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One incident of a run as it really was, for the anomaly graders: its kind (payment-outage, bot-swarm,
 * pricing-error) and its window in simulated (event) time, start inclusive, end exclusive.
 */
public record IncidentTruth(
        @JsonProperty("kind") String kind,
        @JsonProperty("start") String start,
        @JsonProperty("end") String end) {}
