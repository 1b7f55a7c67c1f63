package dev.lakehouse.spark.streaming;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one streaming query alive: when it terminates with an error it is started again from its checkpoint (so a
 * restarted batch is a replay that {@link BatchCommits} skips where it already committed: exactly once holds),
 * after a capped exponential backoff. Restarts are counted and logged with their error. After
 * {@code maxConsecutiveFailures} failures without one completed batch between them the query is given up as
 * FAILED (the health file says so; the other queries go on). A query that ends without an error (available-now
 * caught up, or stopped) ends the supervision.
 */
public final class QuerySupervisor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QuerySupervisor.class);

    /** Starts the query (in its pool); called again for every restart. */
    public interface Starter {
        StreamingQuery start() throws TimeoutException;
    }

    private final String name;
    private final Starter starter;
    private final StreamHealth health;
    private final Duration backoff;
    private final Duration backoffMax;
    private final int maxConsecutiveFailures;
    private volatile boolean stopping;
    private volatile StreamingQuery current;
    private volatile boolean failed;
    private volatile String lastError;
    private int restarts;

    public QuerySupervisor(
            String name,
            Starter starter,
            StreamHealth health,
            Duration backoff,
            Duration backoffMax,
            int maxConsecutiveFailures) {
        this.name = name;
        this.starter = starter;
        this.health = health;
        this.backoff = backoff;
        this.backoffMax = backoffMax;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        health.register(name);
        StreamMetrics.register(name);
    }

    @Override
    public void run() {
        int streak = 0;
        while (!stopping) {
            long seqAtStart = health.progressSeq(name);
            Throwable error;
            try {
                current = starter.start();
                health.running(name);
                StreamMetrics.failed(name, false);
                current.awaitTermination();
                return; // ended without an error: caught up (available-now) or stopped
            } catch (Throwable t) {
                // Anything, including errors thrown by start(): the query must never die silently.
                error = t;
            }
            if (stopping || Thread.currentThread().isInterrupted()) {
                return;
            }
            streak = health.progressSeq(name) > seqAtStart ? 1 : streak + 1;
            lastError = StreamHealth.oneLine(error);
            if (streak > maxConsecutiveFailures) {
                failed = true;
                health.failed(name, lastError);
                StreamMetrics.failed(name, true);
                LOG.error(
                        "query {} failed {} times in a row without completing a batch; not restarting it again: {}",
                        name,
                        streak,
                        lastError,
                        error);
                return;
            }
            restarts++;
            long waitMs = backoffMillis(streak);
            health.restarting(name, restarts, lastError);
            StreamMetrics.restarted(name);
            LOG.error(
                    "query {} stopped with an error; restart {} in {} ms from its checkpoint: {}",
                    name,
                    restarts,
                    waitMs,
                    lastError,
                    error);
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** backoff * 2^(streak-1), capped. */
    long backoffMillis(int streak) {
        long ms = backoff.toMillis();
        for (int i = 1; i < streak && ms < backoffMax.toMillis(); i++) {
            ms *= 2;
        }
        return Math.min(ms, backoffMax.toMillis());
    }

    public String name() {
        return name;
    }

    public int restarts() {
        return restarts;
    }

    public boolean failed() {
        return failed;
    }

    public String lastError() {
        return lastError;
    }

    /** Stops the current query and any further restart (shutdown). */
    public void stop() {
        stopping = true;
        StreamingQuery q = current;
        if (q != null) {
            try {
                q.stop();
            } catch (Exception ignored) {
                // exiting anyway; the checkpoint makes the next start resume
            }
        }
    }
}
