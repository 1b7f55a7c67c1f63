package dev.lakehouse.generator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import dev.lakehouse.generator.model.CapturingSink;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumable run killed part-way and started again: the ledger is one record of the run (byte for byte
 * the ledger of a run that was never interrupted), and the "topic" (everything the sinks took) holds every
 * record once except the window between the last ledger commit and the kill, which is sent again.
 */
class GeneratorResumeTest {

    static final Instant FROM = Instant.parse("2026-11-02T06:00:00Z");
    static final FaultRates FAULTS = new FaultRates(0.02, Duration.ofHours(2), 0.02, 0.02, 0.01, 0.01, 0.01);
    static final GeneratorSettings SETTINGS =
            GeneratorSettings.defaults(77, FROM).withFaults(FAULTS);
    static final long MAX = 60_000;

    @TempDir
    Path dir;

    /** Takes records until the kill point, then fails as a killed process does (the part of the batch before it got out). */
    static final class KilledSink extends CapturingSink {
        final long killAt;

        KilledSink(long killAt) {
            this.killAt = killAt;
        }

        @Override
        public void send(List<Emission> batch) {
            for (Emission e : batch) {
                if (sent.size() == killAt) {
                    throw new IllegalStateException("killed");
                }
                sent.add(e);
            }
        }
    }

    @Test
    void aKilledBackfillResumesWhereItsLedgerStopsAndTheLedgerListsEveryRecordOnce() throws Exception {
        CapturingSink reference = new CapturingSink();
        new GeneratorRun(
                        SETTINGS,
                        RunLimits.records(MAX),
                        reference,
                        dir.resolve("reference"),
                        null,
                        Duration.ofDays(1),
                        true)
                .run();

        Path ledger = dir.resolve("run");
        KilledSink first = new KilledSink(47_321);
        GeneratorRun killed =
                new GeneratorRun(SETTINGS, RunLimits.records(MAX), first, ledger, null, Duration.ofDays(1), true);
        assertThatThrownBy(killed::run).hasMessageContaining("killed");
        long committed = LedgerReader.entries(ledger).size();
        assertThat(committed)
                .as("ledger entries at the kill")
                .isLessThanOrEqualTo(first.sent.size())
                .isPositive();
        // A kill -9 in the middle of a write leaves half a line behind.
        Files.writeString(
                ledger.resolve(Ledger.ENTRIES),
                "{\"seq\":" + committed + ",\"event_id\":\"torn",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        CapturingSink second = new CapturingSink();
        GeneratorRun resumed =
                new GeneratorRun(SETTINGS, RunLimits.records(MAX), second, ledger, null, Duration.ofDays(1), true);
        resumed.run();

        assertThat(resumed.state()).isEqualTo(GeneratorRun.State.FINISHED);
        assertThat(resumed.resumedAt()).isEqualTo(committed);
        assertThat(Files.readAllBytes(ledger.resolve(Ledger.ENTRIES)))
                .as("ledger of the killed and resumed run = an uninterrupted run's")
                .isEqualTo(Files.readAllBytes(dir.resolve("reference").resolve(Ledger.ENTRIES)));
        assertThat(Files.readString(ledger.resolve(Ledger.SUMMARY)))
                .as("summary, counted across both processes")
                .isEqualTo(Files.readString(dir.resolve("reference").resolve(Ledger.SUMMARY)));

        List<String> expected = ids(reference.sent);
        assertThat(ids(first.sent)).as("sent before the kill").isEqualTo(expected.subList(0, first.sent.size()));
        assertThat(ids(second.sent))
                .as("sent after the restart: from the ledger's end on")
                .isEqualTo(expected.subList((int) committed, (int) MAX));
        // On the topic: each record once, but the ones sent and not yet recorded at the kill, which went out twice.
        long resent = first.sent.size() - committed;
        assertThat(first.sent.size() + second.sent.size()).isEqualTo(MAX + resent);
        assertThat(resent)
                .as("records sent twice: at most one ledger commit's worth")
                .isLessThan(20_000);
        List<Emission> topic = new ArrayList<>(first.sent.subList(0, (int) committed));
        topic.addAll(second.sent);
        assertThat(ids(topic)).as("the topic without the resent window").isEqualTo(expected);
    }

    @Test
    void aFinishedRunStaysFinishedAndALargerBoundGoesOn() {
        Path ledger = dir.resolve("run");
        new GeneratorRun(
                        SETTINGS,
                        RunLimits.records(10_000),
                        new CapturingSink(),
                        ledger,
                        null,
                        Duration.ofDays(1),
                        true)
                .run();

        CapturingSink again = new CapturingSink();
        GeneratorRun restarted =
                new GeneratorRun(SETTINGS, RunLimits.records(10_000), again, ledger, null, Duration.ofDays(1), true);
        restarted.run();
        assertThat(restarted.state()).isEqualTo(GeneratorRun.State.FINISHED);
        assertThat(again.sent).as("a finished run sends nothing on restart").isEmpty();
        assertThat(restarted.records()).isEqualTo(10_000);
        assertThat(LedgerReader.entries(ledger)).hasSize(10_000);

        CapturingSink more = new CapturingSink();
        new GeneratorRun(SETTINGS, RunLimits.records(15_000), more, ledger, null, Duration.ofDays(1), true).run();
        assertThat(more.sent).hasSize(5_000);
        CapturingSink reference = new CapturingSink();
        new GeneratorRun(SETTINGS, RunLimits.records(15_000), reference, null, null, Duration.ofDays(1)).run();
        assertThat(LedgerReader.entries(ledger).stream()
                        .map(LedgerEntry::eventId)
                        .toList())
                .isEqualTo(ids(reference.sent));
    }

    @Test
    void anotherStreamInTheSameFolderIsMovedAsideNotContinued() throws Exception {
        Path ledger = dir.resolve("run");
        new GeneratorRun(
                        SETTINGS, RunLimits.records(1_000), new CapturingSink(), ledger, null, Duration.ofDays(1), true)
                .run();
        CapturingSink other = new CapturingSink();
        new GeneratorRun(
                        SETTINGS.withFrom(FROM.plus(Duration.ofDays(1))),
                        RunLimits.records(1_000),
                        other,
                        ledger,
                        null,
                        Duration.ofDays(1),
                        true)
                .run();
        assertThat(other.sent).hasSize(1_000);
        assertThat(LedgerReader.entries(ledger).get(0).eventId())
                .isEqualTo(other.sent.get(0).eventId());
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("the first ledger, kept")
                    .anyMatch(n -> n.startsWith("run.superseded-"));
        }
    }

    @Test
    void aRestartedRealTimeRunAppendsNewTrafficFromNowToTheSameLedger() {
        Path ledger = dir.resolve("run");
        // A busy shop, so a real-time run (never ahead of the wall clock) sends its records in well under a second.
        GeneratorSettings realTime = GeneratorSettings.defaults(5, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .withSessionsPerHour(3_600_000);
        RunLimits limits = new RunLimits(2_000L, null, null, 0, true);
        CapturingSink first = new CapturingSink();
        new GeneratorRun(realTime, limits, first, ledger, null, Duration.ofDays(1), true).run();

        GeneratorSettings later = realTime.withFrom(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        CapturingSink second = new CapturingSink();
        GeneratorRun restarted = new GeneratorRun(
                later, new RunLimits(5_000L, null, null, 0, true), second, ledger, null, Duration.ofDays(1), true);
        restarted.run();

        assertThat(second.sent)
                .as("the restart sends up to the run's bound, counting what the ledger holds")
                .hasSize(3_000);
        List<LedgerEntry> entries = LedgerReader.entries(ledger);
        assertThat(entries).hasSize(5_000);
        assertThat(entries.stream().map(LedgerEntry::seq).toList())
                .as("one numbering across both processes")
                .isEqualTo(java.util.stream.LongStream.range(0, 5_000).boxed().toList());
        assertThat(entries.subList(2_000, 5_000).stream()
                        .map(LedgerEntry::eventId)
                        .toList())
                .isEqualTo(ids(second.sent));
        Set<String> before = new HashSet<>(ids(first.sent));
        assertThat(ids(second.sent))
                .as("the new segment repeats no id of the first")
                .noneMatch(before::contains);
        assertThat(second.sent.get(0).eventTime()).as("new traffic from now").isAfterOrEqualTo(later.from());
        RunManifest manifest = RunManifest.read(ledger);
        assertThat(manifest.segments()).hasSize(2);
        assertThat(manifest.segments().get(1).firstSeq()).isEqualTo(2_000);
    }

    private static List<String> ids(List<Emission> emissions) {
        return emissions.stream().map(Emission::eventId).collect(Collectors.toList());
    }
}
