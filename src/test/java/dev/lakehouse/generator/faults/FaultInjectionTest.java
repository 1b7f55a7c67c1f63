package dev.lakehouse.generator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import dev.lakehouse.generator.model.CapturingSink;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.run.GeneratorRun;
import dev.lakehouse.generator.run.RunLimits;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault shows up at its configured rate (within four binomial standard deviations), is
 * flagged in the ledger, and is the defect it claims to be.
 */
public class FaultInjectionTest {

    static final Duration LAG = Duration.ofHours(3);
    public static final FaultRates RATES = new FaultRates(0.02, LAG, 0.015, 0.01, 0.003, 0.004, 0.005);
    static final int RECORDS = 200_000;

    @TempDir
    Path dir;

    @Test
    void everyFaultAppearsAtItsRateAndIsFlagged() {
        CapturingSink sink = new CapturingSink();
        GeneratorSettings settings = GeneratorSettings.defaults(5, Instant.parse("2026-11-02T00:00:00Z"))
                .withFaults(RATES);
        new GeneratorRun(settings, RunLimits.records(RECORDS), sink, dir, null, Duration.ofDays(1)).run();
        List<Emission> sent = sink.sent;
        List<LedgerEntry> ledger = LedgerReader.entries(dir);
        assertThat(ledger).hasSize(sent.size()).hasSize(RECORDS);

        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        Set<String> seenIds = new HashSet<>();
        Map<String, Emission> firstSent = new java.util.HashMap<>();
        long maxGenuineTime = Long.MIN_VALUE;
        long outOfOrderBehind = 0;
        for (int i = 0; i < sent.size(); i++) {
            Emission e = sent.get(i);
            LedgerEntry entry = ledger.get(i);
            // Plain checks on the per-record path: AssertJ's per-call cost shows at 200k records.
            if (!entry.eventId().equals(e.eventId())
                    || !java.util.Objects.equals(
                            entry.fault(), e.fault() == null ? null : e.fault().name())) {
                throw new AssertionError("ledger line " + i + " is " + entry + ", but the record sent was " + e);
            }
            firstSent.putIfAbsent(e.eventId(), e);
            if (e.fault() != null) {
                counts.merge(e.fault(), 1, Integer::sum);
            }
            long time = e.eventTime().toEpochMilli();
            if (e.fault() == null) {
                if (!seenIds.add(e.eventId())) {
                    throw new AssertionError("a genuine event id is reused: " + e);
                }
                maxGenuineTime = Math.max(maxGenuineTime, time);
                continue;
            }
            switch (e.fault()) {
                case LATE -> {
                    assertThat(seenIds.add(e.eventId())).isTrue();
                    assertThat(maxGenuineTime - time)
                            .as("lag of late event %s", e.eventId())
                            .isGreaterThanOrEqualTo(LAG.toMillis());
                    assertThat(extractTime(e))
                            .as("event_time inside the record")
                            .isEqualTo(e.eventTime());
                }
                case OUT_OF_ORDER -> {
                    assertThat(seenIds.add(e.eventId())).isTrue();
                    outOfOrderBehind += time < maxGenuineTime ? 1 : 0;
                }
                case DUPLICATE -> {
                    assertThat(seenIds.contains(e.eventId()))
                            .as("duplicate %s resends an id sent before", e.eventId())
                            .isTrue();
                    Emission original = firstSent.get(e.eventId());
                    assertThat(original.fault()).isNotEqualTo(Fault.DUPLICATE);
                    assertThat(e.event()).as("duplicate content").isEqualTo(original.event());
                }
                case POISON_NOT_AVRO ->
                    assertThat(e.raw()[0]).as("first byte of a not-Avro record").isNotEqualTo((byte) 0);
                case POISON_UNKNOWN_SCHEMA -> {
                    ByteBuffer frame = ByteBuffer.wrap(e.raw());
                    assertThat(frame.get()).as("magic byte").isZero();
                    assertThat(frame.getInt())
                            .as("schema id")
                            .isGreaterThanOrEqualTo(FaultInjector.UNKNOWN_SCHEMA_ID_BASE);
                }
                case POISON_BUSINESS_RULE ->
                    assertThat(breaksARule(e)).as("rule breaker %s", e.event()).isTrue();
            }
        }
        assertThat(outOfOrderBehind)
                .as("out-of-order events sent after later ones")
                .isGreaterThan((long) (counts.getOrDefault(Fault.OUT_OF_ORDER, 0) * 0.9));

        long genuine = ledger.stream().filter(LedgerEntry::isGenuine).count();
        for (Fault fault : Fault.values()) {
            double p = RATES.rateOf(fault);
            double expected = genuine * p;
            double tolerance = 4 * Math.sqrt(genuine * p * (1 - p));
            assertThat((double) counts.getOrDefault(fault, 0))
                    .as("%s count (rate %s of %d genuine events)", fault, p, genuine)
                    .isBetween(expected - tolerance, expected + tolerance);
            assertThat(LedgerReader.summary(dir).countsPerFault().getOrDefault(fault.name(), 0L))
                    .as("summary count of %s", fault)
                    .isEqualTo((long) counts.getOrDefault(fault, 0));
        }
    }

    @Test
    void faultsOffLeaveTheCleanStreamUntouched() {
        GeneratorSettings clean = GeneratorSettings.defaults(5, Instant.parse("2026-11-02T00:00:00Z"));
        CapturingSink plain = new CapturingSink();
        new GeneratorRun(clean, RunLimits.records(20_000), plain, null, null, Duration.ofDays(1)).run();
        CapturingSink faulty = new CapturingSink();
        new GeneratorRun(clean.withFaults(RATES), RunLimits.records(20_000), faulty, null, null, Duration.ofDays(1))
                .run();
        assertThat(plain.sent).allMatch(e -> e.fault() == null);
        Set<String> genuineOfFaulty = new HashSet<>(faulty.sent.stream()
                .filter(e -> e.fault() == null || e.fault() == Fault.LATE || e.fault() == Fault.OUT_OF_ORDER)
                .map(Emission::eventId)
                .toList());
        List<String> missing = plain.sent.stream()
                .limit(15_000)
                .map(Emission::eventId)
                .filter(id -> !genuineOfFaulty.contains(id))
                .toList();
        assertThat(missing)
                .as("events of the clean run missing from the faulty run with the same seed")
                .isEmpty();
    }

    private static Instant extractTime(Emission e) {
        return (Instant)
                e.event().get(e.event().getSchema().getField("event_time").pos());
    }

    private static boolean breaksARule(Emission e) {
        if (e.event() instanceof dev.lakehouse.events.catalog.CatalogEvent c
                && c.getPayload() instanceof dev.lakehouse.events.catalog.PriceChanged p) {
            return p.getNewPrice().getAmount().signum() < 0;
        }
        if (e.event() instanceof dev.lakehouse.events.orders.OrderEvent o
                && o.getPayload() instanceof dev.lakehouse.events.orders.OrderPlaced p) {
            var lines = p.getLines().stream()
                    .map(l -> l.getLineTotal().getAmount())
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            return p.getSubtotal().getAmount().compareTo(lines) != 0
                    || p.getTotal()
                                    .getAmount()
                                    .compareTo(p.getSubtotal()
                                            .getAmount()
                                            .add(p.getShipping().getAmount())
                                            .add(p.getTax().getAmount()))
                            != 0;
        }
        return false;
    }
}
