package dev.lakehouse.generator;

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

/**
 * One run: pulls the (fault-injected) simulated stream, paces it, hands it to the sink in
 * batches and writes every record to the ledger. Runs on one thread; status, stop and rate
 * changes may come from others.
 */
public final class GeneratorRun implements Runnable {

    public enum State { CREATED, RUNNING, STOPPING, FINISHED, STOPPED, FAILED }

    private static final int MAX_BATCH = 1000;

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

    public GeneratorRun(GeneratorSettings settings, RunLimits limits, EmissionSink sink, Path ledgerDir,
            Consumer<RunStatus> progress, Duration progressEvery) {
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
        Ledger ledger = ledgerDir == null ? null : new Ledger(ledgerDir, settings.seed(), settings.currency());
        List<Emission> batch = new ArrayList<>(MAX_BATCH);
        try {
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
                    if (limits.until() != null && e.fault() == null && !e.eventTime().isBefore(limits.until())) {
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
                for (Emission e : batch) {
                    if (ledger != null) {
                        ledger.record(e);
                    }
                    if (e.fault() != null) {
                        faults.incrementAndGet(e.fault().ordinal());
                    }
                }
                records += batch.size();
                simulatedMillis = simulation.now();
                batch.clear();
                long now = System.nanoTime();
                if (limits.maxWallTime() != null && now - startNanos >= limits.maxWallTime().toNanos()) {
                    done = true;
                }
                if (progress != null && now >= nextProgress) {
                    progress.accept(status());
                    nextProgress = now + progressEvery.toNanos();
                }
            }
            sink.flush();
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
                    ledger.close();
                    summary = ledger.summary();
                }
            }
        }
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
        return new RunStatus(state.name(), settings.seed(), records, simulation.sessionsStarted(),
                elapsed > 0 ? records / elapsed : 0, rate, Instant.ofEpochMilli(simulatedMillis).toString(), elapsed,
                percentDone(elapsed), sink.valueBytes(), faultCounts, ledgerDir == null ? null : ledgerDir.toString(), error,
                opening);
    }

    private Double percentDone(double elapsed) {
        double best = -1;
        if (limits.maxRecords() != null && limits.maxRecords() > 0) {
            best = Math.max(best, 100.0 * records / limits.maxRecords());
        }
        if (limits.maxWallTime() != null) {
            best = Math.max(best, 100.0 * elapsed / Math.max(1e-9, limits.maxWallTime().toMillis() / 1000.0));
        }
        if (limits.until() != null) {
            long span = limits.until().toEpochMilli() - settings.from().toEpochMilli();
            best = Math.max(best, span <= 0 ? 100 : 100.0 * (simulatedMillis - settings.from().toEpochMilli()) / span);
        }
        return best < 0 ? null : Math.min(100, best);
    }
}
