package dev.lakehouse.generator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.model.EmissionSink;
import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Incident;
import dev.lakehouse.generator.model.Tastes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation's ground truth (experiments, incidents, tastes) is off by default and then changes nothing: the ledger
 * and summary of DeterminismTest's run are byte for byte those of the generator before experiments
 * existed (their SHA-256, taken on that version). A deliberate change to the simulation changes them
 * too: take the new digests then, and say so in the commit. On, the summary records the truth.
 */
class GroundTruthOffTest {

    static final String ENTRIES_BEFORE_EXPERIMENTS = "6a0db3eab3989b59e13e78b2f45e5ea544dfb91977f1e8db56598f49fa03bd36";
    static final String SUMMARY_BEFORE_EXPERIMENTS = "46d78e690d29fd1928c22160020487a414f141574d7e8f40534599838920b9a0";

    @TempDir
    Path dir;

    @Test
    void withTheExperimentOffTheLedgerIsTheOneOfAGeneratorWithoutExperiments() throws Exception {
        GeneratorSettings settings =
                GeneratorSettings.defaults(42, DeterminismTest.FROM).withFaults(DeterminismTest.FAULTS);
        assertThat(settings.experiment()).isEqualTo(Experiment.OFF);
        Path ledger = run(settings, "off");
        assertThat(sha256(ledger.resolve(Ledger.ENTRIES))).as("ledger.jsonl").isEqualTo(ENTRIES_BEFORE_EXPERIMENTS);
        assertThat(sha256(ledger.resolve(Ledger.SUMMARY))).as("summary.json").isEqualTo(SUMMARY_BEFORE_EXPERIMENTS);
        assertThat(RunManifest.stream(settings, false)).doesNotContain("experiment");
    }

    @Test
    void withAnExperimentIncidentsAndTastesTheSummaryRecordsTheirTruth() throws Exception {
        GeneratorSettings settings = GeneratorSettings.defaults(42, DeterminismTest.FROM)
                .withSessionsPerHour(20_000)
                .withExperiment(new Experiment("checkout-button", 0.5, 0.1))
                .withIncidents(List.of(
                        new Incident(Incident.Kind.PAYMENT_OUTAGE, Duration.ofMinutes(90), Duration.ofMinutes(15))))
                .withTastes(new Tastes(0.6, 0.3));
        Path ledger = run(settings, "on");
        JsonNode summary =
                new ObjectMapper().readTree(ledger.resolve(Ledger.SUMMARY).toFile());
        JsonNode incident = summary.get("incidents").get(0);
        assertThat(incident.get("kind").asText()).isEqualTo("payment-outage");
        assertThat(incident.get("start").asText()).isEqualTo("2026-11-02T01:30:00Z");
        assertThat(incident.get("end").asText()).isEqualTo("2026-11-02T01:45:00Z");
        JsonNode tastes = summary.get("tastes");
        assertThat(tastes.get("strength").asDouble()).isEqualTo(0.6);
        assertThat(tastes.get("favourite_categories").size())
                .as("customers with tastes")
                .isGreaterThanOrEqualTo(3000);
        assertThat(tastes.get("complements").size())
                .as("products with a complement")
                .isGreaterThan(10);
        JsonNode truth = summary.get("experiment");
        assertThat(truth.get("id").asText()).isEqualTo("checkout-button");
        assertThat(truth.get("true_conversion_lift").asDouble()).isEqualTo(0.1);
        assertThat(truth.get("treatment_share").asDouble()).isEqualTo(0.5);
        assertThat(truth.get("baseline_conversion").asDouble()).isEqualTo(0.03);
        long treatment = truth.get("sessions").get("treatment").asLong();
        long control = truth.get("sessions").get("control").asLong();
        assertThat(treatment + control).as("sessions assigned").isGreaterThan(1_000);
        assertThat((double) treatment / (treatment + control)).isBetween(0.45, 0.55);
        assertThat(sha256(ledger.resolve(Ledger.ENTRIES)))
                .as("an experiment changes the stream")
                .isNotEqualTo(ENTRIES_BEFORE_EXPERIMENTS);
        assertThat(RunManifest.stream(settings, false)).contains("checkout-button");
    }

    private Path run(GeneratorSettings settings, String name) {
        Path ledger = dir.resolve(name);
        new GeneratorRun(settings, RunLimits.records(30_000), EmissionSink.DISCARD, ledger, null, Duration.ofDays(1))
                .run();
        return ledger;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
