package dev.lakehouse.generator.run;

import dev.lakehouse.generator.faults.FaultInjector;
import dev.lakehouse.generator.ledger.ExperimentTruth;
import dev.lakehouse.generator.ledger.IncidentTruth;
import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.ledger.LedgerSummary;
import dev.lakehouse.generator.ledger.TasteTruth;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.EmissionSink;
import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One run: pulls the (fault-injected) simulated stream, paces it, hands it to the sink in
 * batches and writes every record to the ledger. Runs on one thread; status, stop and rate
 * changes may come from others.
 *
 * <p>Send, then record: a record goes into the ledger only once the sink has acknowledged it (the
 * ledger is committed after a sink flush, about once a second), so the ledger never lists a record
 * that was not sent. A resumable run ({@code resume}) goes on with the ledger it finds: a backfill
 * replays its deterministic stream silently past the records the ledger holds and sends the rest (a
 * finished one sends nothing); a real-time run appends a new segment of new traffic from now. A kill
 * between an acknowledgement and the ledger commit means those records (at most about a second's) are
 * sent again on resume: at-least-once on the topic, with the same event ids, keys and partitions, so the
 * validator's duplicate filter drops the second copy; the ledger still lists each record once.
 */
public final class GeneratorRun implements Runnable {

    public enum State {
        CREATED,
        RUNNING,
        STOPPING,
        FINISHED,
        STOPPED,
        FAILED
    }

    private static final Logger LOG = Logger.getLogger(GeneratorRun.class);
    private static final int MAX_BATCH = 1000;
    /** How often sent records are acknowledged and committed to the ledger: what a kill can make us send twice. */
    private static final long LEDGER_COMMIT_NANOS = 1_000_000_000L;

    private static final int LEDGER_COMMIT_RECORDS = 20_000;

    /** What the run does with a ledger it finds. */
    private enum Start {
        FRESH,
        CONTINUE,
        NEW_SEGMENT
    }

    private final GeneratorSettings settings;
    private final RunLimits limits;
    private final EmissionSink sink;
    private final Path ledgerDir;
    private final Simulation simulation;
    private final FaultInjector source;
    private final Consumer<RunStatus> progress;
    private final Duration progressEvery;
    private final double initialRate;
    private final AtomicLongArray faults = new AtomicLongArray(Fault.values().length);
    // The simulation and the injector belong to the run's thread: changes from others queue here.
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();

    private volatile State state = State.CREATED;
    private volatile boolean stopRequested;
    private volatile long records;
    private volatile long simulatedMillis;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile String error;
    private volatile LedgerSummary summary;
    // Pacing restarts from the moment the rate changes.
    private volatile double rate;
    private volatile long rateSinceNanos;
    private volatile long rateSinceRecords;
    private final long opening;
    private final Start start;
    private final RunManifest manifest;
    private volatile long resumedAt;

    /** A run that writes its ledger afresh (the CLI's: a rerun sends everything again). */
    public GeneratorRun(
            GeneratorSettings settings,
            RunLimits limits,
            EmissionSink sink,
            Path ledgerDir,
            Consumer<RunStatus> progress,
            Duration progressEvery) {
        this(settings, limits, sink, ledgerDir, progress, progressEvery, false);
    }

    /**
     * @param resume go on with the ledger found in {@code ledgerDir} if it records this run (see the class
     *               comment); a ledger of another stream is moved aside to {@code <dir>.superseded-<millis>}
     */
    public GeneratorRun(
            GeneratorSettings settings,
            RunLimits limits,
            EmissionSink sink,
            Path ledgerDir,
            Consumer<RunStatus> progress,
            Duration progressEvery,
            boolean resume) {
        RunManifest found = resume && ledgerDir != null && Files.exists(ledgerDir.resolve(Ledger.ENTRIES))
                ? RunManifest.read(ledgerDir)
                : null;
        String mode = RunManifest.mode(limits.realTime());
        String stream = RunManifest.stream(settings, limits.realTime());
        if (found != null && found.mode().equals(RunManifest.REAL_TIME) && limits.realTime()) {
            start = Start.NEW_SEGMENT;
            settings = settings.withSeed(
                    RunManifest.segmentSeed(settings.seed(), found.segments().size()));
            manifest = found;
        } else if (found != null && found.mode().equals(mode) && found.stream().equals(stream)) {
            start = Start.CONTINUE;
            manifest = found;
        } else {
            if (resume && ledgerDir != null && Files.exists(ledgerDir.resolve(Ledger.ENTRIES))) {
                supersede(ledgerDir);
            }
            start = Start.FRESH;
            manifest = new RunManifest(mode, stream, java.util.List.of());
        }
        this.settings = settings;
        this.limits = limits;
        this.sink = sink;
        this.ledgerDir = ledgerDir;
        this.simulation = new Simulation(settings);
        this.opening = simulation.openingEvents();
        this.source = new FaultInjector(simulation::next, settings.faults(), settings.seed(), settings.currency());
        this.progress = progress;
        this.progressEvery = progressEvery;
        this.rate = limits.eventsPerSecond();
        this.initialRate = limits.eventsPerSecond();
        this.simulatedMillis = settings.from().toEpochMilli();
    }

    @Override
    public void run() {
        state = State.RUNNING;
        startNanos = System.nanoTime();
        rateSinceNanos = startNanos;
        long nextProgress = startNanos + progressEvery.toNanos();
        Ledger ledger = openLedger();
        List<Emission> batch = new ArrayList<>(MAX_BATCH);
        List<Emission> unrecorded = new ArrayList<>();
        long committedAt = startNanos;
        try {
            if (ledger != null) {
                resume(ledger);
            }
            boolean done = false;
            while (!done && !stopRequested) {
                for (Runnable change; (change = changes.poll()) != null; ) {
                    change.run();
                }
                int size = batchSize();
                if (size == 0) {
                    break;
                }
                while (batch.size() < size) {
                    Emission e = source.get();
                    if (limits.until() != null
                            && e.fault() == null
                            && !e.eventTime().isBefore(limits.until())) {
                        done = true;
                        break;
                    }
                    if (limits.realTime() && !waitForWallClock(e.eventTime())) {
                        break;
                    }
                    batch.add(e);
                }
                pace(batch.size());
                sink.send(batch);
                if (ledger != null) {
                    unrecorded.addAll(batch);
                }
                for (Emission e : batch) {
                    if (e.fault() != null) {
                        faults.incrementAndGet(e.fault().ordinal());
                    }
                }
                records += batch.size();
                simulatedMillis = simulation.now();
                batch.clear();
                long now = System.nanoTime();
                if (ledger != null
                        && (now - committedAt >= LEDGER_COMMIT_NANOS || unrecorded.size() >= LEDGER_COMMIT_RECORDS)) {
                    commit(ledger, unrecorded);
                    committedAt = now;
                }
                if (limits.maxWallTime() != null
                        && now - startNanos >= limits.maxWallTime().toNanos()) {
                    done = true;
                }
                if (progress != null && now >= nextProgress) {
                    progress.accept(status());
                    nextProgress = now + progressEvery.toNanos();
                }
            }
            sink.flush();
            if (ledger != null) {
                commit(ledger, unrecorded);
            }
            state = stopRequested ? State.STOPPED : State.FINISHED;
        } catch (RuntimeException e) {
            error = e.toString();
            state = State.FAILED;
            throw e;
        } finally {
            endNanos = System.nanoTime();
            try {
                sink.close();
            } finally {
                if (ledger != null) {
                    ledger.experiment(experimentTruth());
                    ledger.incidents(incidentTruth());
                    ledger.tastes(
                            settings.tastes().on()
                                    ? new TasteTruth(
                                            settings.tastes().strength(),
                                            settings.tastes().complementRate(),
                                            simulation.favouriteCategories(),
                                            simulation.complements())
                                    : null);
                    ledger.close();
                    summary = ledger.summary();
                }
            }
        }
    }

    /** Windows in simulated time, from the settings: the simulation opens and closes them exactly there. */
    private List<IncidentTruth> incidentTruth() {
        return IncidentTruth.of(settings);
    }

    private ExperimentTruth experimentTruth() {
        Experiment experiment = settings.experiment();
        if (!experiment.on()) {
            return null;
        }
        return new ExperimentTruth(
                experiment.id(),
                ExperimentTruth.ASSIGNMENT,
                experiment.treatmentShare(),
                experiment.conversionLift(),
                settings.conversionRate(),
                simulation.sessionsPerVariant());
    }

    /** Acknowledged first, recorded second: the ledger never lists a record the broker did not take. */
    private void commit(Ledger ledger, List<Emission> unrecorded) {
        sink.flush();
        for (Emission e : unrecorded) {
            ledger.record(e);
        }
        ledger.flush();
        unrecorded.clear();
    }

    private Ledger openLedger() {
        if (ledgerDir == null) {
            return null;
        }
        Ledger ledger = start == Start.FRESH
                ? new Ledger(ledgerDir, settings.seed(), settings.currency())
                : Ledger.append(
                        ledgerDir,
                        manifest.segments().isEmpty()
                                ? settings.seed()
                                : manifest.segments().get(0).seed(),
                        settings.currency());
        RunManifest now = manifest;
        if (start != Start.CONTINUE || manifest.segments().isEmpty()) {
            now = manifest.withSegment(
                    new RunManifest.Segment(settings.seed(), settings.from().toString(), ledger.entries()));
        }
        now.write(ledgerDir);
        return ledger;
    }

    /**
     * Goes on where the ledger stopped. A backfill replays its stream past the records already sent
     * (the simulation and the injector are deterministic, so the n-th emission is the ledger's n-th
     * entry: checked on the last one); a new real-time segment only counts them.
     */
    private void resume(Ledger ledger) {
        long already = ledger.entries();
        if (already == 0) {
            return;
        }
        if (start == Start.CONTINUE) {
            Emission last = null;
            for (long i = 0; i < already; i++) {
                last = source.get();
                if (last.fault() != null) {
                    faults.incrementAndGet(last.fault().ordinal());
                }
            }
            if (!last.eventId().equals(ledger.lastEventId())) {
                throw new IllegalStateException(
                        "the ledger in " + ledgerDir + " is not this run's stream: its entry " + (already - 1)
                                + " is " + ledger.lastEventId() + ", the simulation's is " + last.eventId()
                                + " (another version of the generator?); move the folder aside to start afresh");
            }
            simulatedMillis = simulation.now();
        }
        records = already;
        rateSinceRecords = already;
        resumedAt = already;
        LOG.infof(
                "Generator run resumed from its ledger in %s: %d records already sent%s",
                ledgerDir,
                already,
                start == Start.CONTINUE ? "" : ", a new real-time segment with seed " + settings.seed());
    }

    /** A ledger of another stream is kept, not overwritten: it is the record of what was sent then. */
    private static void supersede(Path dir) {
        Path aside = dir.resolveSibling(dir.getFileName() + ".superseded-" + System.currentTimeMillis());
        try {
            Files.move(dir, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the ledger in " + dir + " aside", e);
        }
        LOG.warnf("The ledger in %s records another run: moved to %s, this run starts afresh", dir, aside);
    }

    /** Records the ledger held when this process resumed the run (0: a fresh start). */
    public long resumedAt() {
        return resumedAt;
    }

    private int batchSize() {
        long size = rate > 0 ? Math.max(1, Math.min(MAX_BATCH, (long) (rate / 20))) : MAX_BATCH;
        if (limits.maxRecords() != null) {
            size = Math.min(size, limits.maxRecords() - records);
        }
        return (int) Math.max(0, size);
    }

    /**
     * Holds the batch back until the target rate allows it. The store's opening is not traffic:
     * the shop exists when the run starts, so its records go out at once and the rate counts the
     * records after it (paced, a default real-time run spent its first 76 s on the opening).
     */
    private void pace(int size) {
        double r = rate;
        if (r <= 0) {
            return;
        }
        long paced = Math.max(0, records + size - opening) - Math.max(0, rateSinceRecords - opening);
        sleepUntil(rateSinceNanos + (long) (paced / r * 1e9));
    }

    private boolean waitForWallClock(Instant eventTime) {
        long wait = eventTime.toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            sleepUntil(System.nanoTime() + wait * 1_000_000);
        }
        return !stopRequested;
    }

    private void sleepUntil(long dueNanos) {
        long wait;
        while (!stopRequested && (wait = dueNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.min(wait / 1_000_000 + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
    }

    public void stop() {
        if (state == State.RUNNING || state == State.CREATED) {
            state = State.STOPPING;
        }
        stopRequested = true;
    }

    /** Changes the target rate; in real-time runs the simulated visit rate follows it. */
    public void setRate(double eventsPerSecond) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0");
        }
        rateSinceNanos = System.nanoTime();
        rateSinceRecords = records;
        rate = eventsPerSecond;
        if (limits.realTime() && initialRate > 0 && eventsPerSecond > 0) {
            simulation.setIntensity(eventsPerSecond / initialRate);
        }
    }

    /** Marks down {@code products} products by {@code fraction} from the next batch on (a sale). */
    public void markDown(double fraction, int products) {
        changes.add(() -> simulation.markDown(fraction, products));
    }

    /** Sends {@code count} poison records with the next batch. */
    public void poisonBurst(int count) {
        changes.add(() -> source.burst(count));
    }

    public State state() {
        return state;
    }

    public long records() {
        return records;
    }

    /** The ledger's totals once the run has ended, or null. */
    public LedgerSummary summary() {
        return summary;
    }

    public RunStatus status() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        double elapsed = startNanos == 0 ? 0 : (end - startNanos) / 1e9;
        Map<String, Long> faultCounts = new LinkedHashMap<>();
        for (Fault f : Fault.values()) {
            faultCounts.put(f.name(), faults.get(f.ordinal()));
        }
        return new RunStatus(
                state.name(),
                settings.seed(),
                records,
                simulation.sessionsStarted(),
                elapsed > 0 ? records / elapsed : 0,
                rate,
                Instant.ofEpochMilli(simulatedMillis).toString(),
                elapsed,
                percentDone(elapsed),
                sink.valueBytes(),
                faultCounts,
                ledgerDir == null ? null : ledgerDir.toString(),
                error,
                opening);
    }

    private Double percentDone(double elapsed) {
        double best = -1;
        if (limits.maxRecords() != null && limits.maxRecords() > 0) {
            best = Math.max(best, 100.0 * records / limits.maxRecords());
        }
        if (limits.maxWallTime() != null) {
            best = Math.max(
                    best, 100.0 * elapsed / Math.max(1e-9, limits.maxWallTime().toMillis() / 1000.0));
        }
        if (limits.until() != null) {
            long span = limits.until().toEpochMilli() - settings.from().toEpochMilli();
            best = Math.max(
                    best,
                    span <= 0 ? 100 : 100.0 * (simulatedMillis - settings.from().toEpochMilli()) / span);
        }
        return best < 0 ? null : Math.min(100, best);
    }
}
