package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What the experiment of a run really was, for the graders: the configured split and true effect,
 * and how many sessions the simulation assigned to each variant (every session it started, including
 * any still open when the run stopped; a real-time run's newest segment only).
 *
 * @param conversionLift     true relative effect of treatment on conversion
 * @param baselineConversion the control's configured conversion rate
 * @param sessions           variant -> sessions assigned
 */
public record ExperimentTruth(
        @JsonProperty("id") String id,
        @JsonProperty("assignment") String assignment,
        @JsonProperty("treatment_share") double treatmentShare,
        @JsonProperty("true_conversion_lift") double conversionLift,
        @JsonProperty("baseline_conversion") double baselineConversion,
        @JsonProperty("sessions") Map<String, Long> sessions) {

    /** How the lake recomputes a session's variant (see dev.lakehouse.contracts.experiments.Assignment). */
    public static final String ASSIGNMENT = "md5(id:session_id) first 32 bits / 2^32 < treatment_share -> treatment";
}
