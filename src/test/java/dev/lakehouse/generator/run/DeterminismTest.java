package dev.lakehouse.generator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import dev.lakehouse.generator.model.EmissionSink;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed and settings, same ledger, byte for byte (ids included); another seed, another stream. */
class DeterminismTest {

    static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    static final FaultRates FAULTS = new FaultRates(0.02, Duration.ofHours(2), 0.02, 0.01, 0.005, 0.005, 0.005);

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesTheSameLedgerAndAnotherSeedDoesNot() throws Exception {
        GeneratorSettings settings = GeneratorSettings.defaults(42, FROM).withFaults(FAULTS);
        Path a = run(settings, "a");
        Path b = run(settings, "b");
        Path c = run(settings.withSeed(43), "c");

        assertThat(Files.readAllBytes(a.resolve(Ledger.ENTRIES)))
                .as("ledgers of two runs with seed 42")
                .isEqualTo(Files.readAllBytes(b.resolve(Ledger.ENTRIES)));
        assertThat(Files.readString(a.resolve(Ledger.SUMMARY))).isEqualTo(Files.readString(b.resolve(Ledger.SUMMARY)));

        List<LedgerEntry> first = LedgerReader.entries(a);
        List<LedgerEntry> other = LedgerReader.entries(c);
        assertThat(first).hasSize(30_000);
        assertThat(other).hasSize(30_000);
        assertThat(first.stream().map(LedgerEntry::eventId).distinct().count())
                .as("distinct ids")
                .isGreaterThan(29_000);
        long sharedIds = first.stream()
                .map(LedgerEntry::eventId)
                .filter(other.stream().map(LedgerEntry::eventId).collect(java.util.stream.Collectors.toSet())::contains)
                .count();
        assertThat(sharedIds).as("event ids shared by seeds 42 and 43").isZero();
        assertThat(first).as("seed 43 stream").isNotEqualTo(other);
    }

    private Path run(GeneratorSettings settings, String name) {
        Path ledger = dir.resolve(name);
        new GeneratorRun(settings, RunLimits.records(30_000), EmissionSink.DISCARD, ledger, null, Duration.ofDays(1))
                .run();
        return ledger;
    }
}
