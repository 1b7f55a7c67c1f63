package dev.lakehouse.supervision;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * A named long-running loop on its own thread that heals itself: when a life of the loop dies of an unexpected
 * Throwable, a new one starts after a pause that doubles with each failure in a row (1 s, 2 s ... 60 s) and resets
 * once a life has kept beating for a healthy stretch. Fatal errors are not retried in this JVM: the loop ends as
 * {@link State#FAILED} and liveness goes DOWN, so the orchestrator replaces the pod (see {@link Supervisor}).
 */
public final class SupervisedLoop {

    private static final Logger LOG = Logger.getLogger(SupervisedLoop.class);

    public enum State {
        /** A life has begun and not beaten yet (building clients, rebuilding state). */
        STARTING,
        RUNNING,
        /** The last life died; the next one starts after the backoff. */
        BACKING_OFF,
        /** Ended as it should: asked to stop, or a bounded run finished. */
        STOPPED,
        /** Gave up on a fatal error; only a new process brings it back. */
        FAILED
    }

    /** What liveness reports about one loop. */
    public record Health(
            String name, State state, int restarts, Instant lastBeat, String lastError, Optional<String> problem) {
        public boolean up() {
            return problem.isEmpty();
        }
    }

    private final String name;
    private final LoopSettings settings;
    private final Predicate<Throwable> fatal;
    private final LoopBody body;
    private final Counter restartCounter;
    private final Clock clock;
    private final Thread thread;
    private final AtomicReference<Throwable> injected = new AtomicReference<>();

    private volatile State state = State.STARTING;
    private volatile boolean stopRequested;
    private volatile int restarts;
    private volatile int failuresInARow;
    private volatile Instant lifeStartedAt;
    private volatile Instant lastBeat;
    private volatile Instant lastSign;
    private volatile String lastError;

    SupervisedLoop(
            String name,
            LoopSettings settings,
            Predicate<Throwable> fatal,
            LoopBody body,
            Counter restartCounter,
            Clock clock) {
        this.name = name;
        this.settings = settings;
        this.fatal = fatal;
        this.body = body;
        this.restartCounter = restartCounter;
        this.clock = clock;
        this.lifeStartedAt = clock.instant();
        this.lastSign = lifeStartedAt;
        this.thread = new Thread(this::superviseLives, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    public int restarts() {
        return restarts;
    }

    private void superviseLives() {
        while (!stopRequested) {
            lifeStartedAt = clock.instant();
            lastSign = lifeStartedAt;
            state = State.STARTING;
            try {
                body.run(this::beat);
                state = State.STOPPED;
                return;
            } catch (Throwable e) {
                if (stopRequested) {
                    state = State.STOPPED;
                    return;
                }
                lastError = e.toString();
                if (fatal.test(e)) {
                    state = State.FAILED;
                    LOG.errorf(
                            e,
                            "Loop %s stopped for good: %s is not retried in this process; liveness is DOWN so "
                                    + "the orchestrator can replace the process",
                            name,
                            e);
                    return;
                }
                if (healthyLife(clock.instant())) {
                    failuresInARow = 0;
                }
                failuresInARow++;
                Duration pause = settings.backoff(failuresInARow);
                LOG.errorf(e, "Loop %s died (failure %d in a row); restarting in %s", name, failuresInARow, pause);
                state = State.BACKING_OFF;
                lastSign = clock.instant();
                if (!sleep(pause)) {
                    state = State.STOPPED;
                    return;
                }
                restarts++;
                restartCounter.increment();
            }
        }
        state = State.STOPPED;
    }

    /** Called by the loop on every iteration, on the loop's thread. */
    private void beat() {
        Throwable failure = injected.getAndSet(null);
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        Instant now = clock.instant();
        lastBeat = now;
        lastSign = now;
        state = State.RUNNING;
        if (failuresInARow > 0 && healthyLife(now)) {
            failuresInARow = 0;
            LOG.infof("Loop %s is healthy again after %d restarts", name, restarts);
        }
    }

    private boolean healthyLife(Instant now) {
        return lastBeat != null
                && !lastBeat.isBefore(lifeStartedAt)
                && Duration.between(lifeStartedAt, now).compareTo(settings.healthyAfter()) >= 0;
    }

    /** @return false when woken by stop() */
    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return !stopRequested;
        } catch (InterruptedException e) {
            return false;
        }
    }

    public Health health() {
        Instant now = clock.instant();
        String problem = null;
        if (state == State.FAILED) {
            problem = "gave up: " + lastError;
        } else if (state != State.STOPPED && !thread.isAlive() && thread.getState() != Thread.State.NEW) {
            problem = "its thread is gone";
        } else if (failuresInARow >= settings.unhealthyAfterFailures()) {
            problem = "failed " + failuresInARow + " times in a row, last: " + lastError;
        } else if (state != State.STOPPED && Duration.between(lastSign, now).compareTo(settings.stuckAfter()) > 0) {
            problem = "stuck: no beat for " + Duration.between(lastSign, now).toSeconds() + " s (bound "
                    + settings.stuckAfter() + ")";
        }
        return new Health(name, state, restarts, lastBeat, lastError, Optional.ofNullable(problem));
    }

    /**
     * Stops the loop: no new life starts, and {@code wake} (which asks the current life to end, e.g. a consumer
     * wakeup) is repeated until the thread is gone, so a life that was just starting is stopped too.
     */
    public void stop(Runnable wake, Duration timeout) throws InterruptedException {
        stopRequested = true;
        if (state == State.BACKING_OFF) {
            thread.interrupt();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                // the life was closing its clients meanwhile; it is ending anyway
            }
            thread.join(200);
        }
    }

    /** Test seam: the loop's next beat throws this, as if its iteration had failed there. */
    void failNextBeat(Throwable failure) {
        if (!(failure instanceof RuntimeException) && !(failure instanceof Error)) {
            throw new IllegalArgumentException("only unchecked failures can be injected");
        }
        injected.set(failure);
    }
}
