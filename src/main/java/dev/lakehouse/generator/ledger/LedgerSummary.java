package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Totals of a ledger, written beside it as summary.json. Counts are over every record sent;
 * revenue and orders per customer only over genuine events (no duplicates, no poison).
 *
 * @param revenuePerDay UTC day -> placed / paid / refunded, decimal strings
 * @param experiment    the run's A/B experiment and its true effect; absent (not even null) without one,
 *                      so a summary without experiments is what it always was
 * @param incidents     the run's incidents with their windows in event time; absent without any
 * @param tastes        shoppers' latent tastes and products' complements; absent without tastes
 */
public record LedgerSummary(
        @JsonProperty("seed") long seed,
        @JsonProperty("records") long records,
        @JsonProperty("genuine_events") long genuineEvents,
        @JsonProperty("first_event_time") String firstEventTime,
        @JsonProperty("last_event_time") String lastEventTime,
        @JsonProperty("currency") String currency,
        @JsonProperty("counts_per_type") Map<String, Long> countsPerType,
        @JsonProperty("counts_per_fault") Map<String, Long> countsPerFault,
        @JsonProperty("revenue_per_day") Map<String, Map<String, String>> revenuePerDay,
        @JsonProperty("orders_per_customer") Map<String, Long> ordersPerCustomer,

        @JsonProperty("experiment") @JsonInclude(JsonInclude.Include.NON_NULL)
        ExperimentTruth experiment,

        @JsonProperty("incidents") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<IncidentTruth> incidents,

        @JsonProperty("tastes") @JsonInclude(JsonInclude.Include.NON_NULL)
        TasteTruth tastes) {}
