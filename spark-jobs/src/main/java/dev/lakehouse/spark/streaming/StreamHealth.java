package dev.lakehouse.spark.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of each supervised query, written to the health file ({@code streams-health.json}) on every change and
 * at a fixed interval, atomically (temp file + rename), for {@code ./lakehouse run} and any orchestrator probe:
 * {@code {"updatedAt":..., "queries":[{"name","state","restarts","lastProgressAt","lastError"}]}}. A file that
 * stops being refreshed means the process is gone or hung. Progress comes from a {@link StreamingQueryListener}:
 * a batch that completed (empty or not) is progress.
 */
public final class StreamHealth extends StreamingQueryListener implements AutoCloseable {
    public enum State {
        RUNNING,
        RESTARTING,
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamHealth.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Entry {
        volatile State state = State.RUNNING;
        volatile int restarts;
        volatile Instant lastProgressAt;
        volatile String lastError;
        volatile long progressSeq;
    }

    private final Path file;
    private final Map<String, Entry> queries = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService timer;

    public StreamHealth(Path file, java.time.Duration interval) {
        this.file = file;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streams-health");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, interval.toMillis());
        timer.scheduleAtFixedRate(this::writeQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    public Path file() {
        return file;
    }

    public void register(String name) {
        queries.computeIfAbsent(name, n -> new Entry());
        writeQuietly();
    }

    void running(String name) {
        queries.get(name).state = State.RUNNING;
        writeQuietly();
    }

    void restarting(String name, int restarts, String error) {
        Entry e = queries.get(name);
        e.state = State.RESTARTING;
        e.restarts = restarts;
        e.lastError = error;
        writeQuietly();
    }

    void failed(String name, String error) {
        Entry e = queries.get(name);
        e.state = State.FAILED;
        e.lastError = error;
        writeQuietly();
    }

    /** Completed batches of this query so far (a supervisor resets its failure streak when this moves). */
    long progressSeq(String name) {
        return queries.get(name).progressSeq;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // the supervisor reports starts itself (running), with the query's name
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        String name = event.progress().name();
        Entry e = name == null ? null : queries.get(name);
        if (e != null) {
            e.lastProgressAt = Instant.now();
            e.progressSeq++;
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // the supervisor sees the termination first-hand (awaitTermination) and reports it
    }

    /** Writes the file now; never throws (a full disk must not stop the streams, it is logged). */
    public void writeQuietly() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the stream health file {}: {}", file, e.toString());
        }
    }

    private synchronized void write() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("updatedAt", Instant.now().toString());
        ArrayNode list = root.putArray("queries");
        queries.forEach((name, e) -> {
            ObjectNode q = list.addObject();
            q.put("name", name);
            q.put("state", e.state.name());
            q.put("restarts", e.restarts);
            Instant p = e.lastProgressAt;
            if (p == null) {
                q.putNull("lastProgressAt");
            } else {
                q.put("lastProgressAt", p.toString());
            }
            if (e.lastError == null) {
                q.putNull("lastError");
            } else {
                q.put("lastError", e.lastError);
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(root));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One line, bounded: the health file and the log carry it, not a stack trace. */
    static String oneLine(Throwable t) {
        Throwable root = t;
        // StreamingQueryException wraps the batch's error; the cause says what went wrong.
        if (root instanceof org.apache.spark.sql.streaming.StreamingQueryException && root.getCause() != null) {
            root = root.getCause();
        }
        String m = root.getClass().getSimpleName() + ": " + root.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        writeQuietly();
    }
}
