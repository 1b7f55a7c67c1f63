package dev.lakehouse.spark.streaming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Function;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The streams' service-level indicators, one registry per process (the driver), rendered in Prometheus' text format
 * by {@link MetricsEndpoint}. Names are the home of the {@code lakehouse_stream_*} metric names: the dashboards and
 * alert rules in deploy/observability use them, and a test holds deploy/observability/spark-metrics.txt to what a
 * real run serves.
 *
 * <p>Why our own registry rather than Spark's metrics system with its PrometheusServlet sink: that servlet is served
 * by the driver's web UI, which our runs keep off ({@code spark.ui.enabled=false}, see {@link SparkSessions}), and
 * Spark's streaming source ({@code spark.sql.streaming.metricsEnabled}) has rates and latency but neither restarts,
 * commit failures, Kafka offsets behind nor the event time a layer has committed. A listener and a few counters
 * cost nothing measurable per batch.
 */
public final class StreamMetrics {
    public static final String BATCHES = "lakehouse_stream_batches_total";
    public static final String BATCH_DURATION = "lakehouse_stream_batch_duration_seconds";
    public static final String COMMITTED_RECORDS = "lakehouse_stream_committed_records_total";
    public static final String LAST_PROGRESS = "lakehouse_stream_last_progress_timestamp_seconds";
    public static final String OFFSETS_BEHIND = "lakehouse_stream_kafka_offsets_behind_latest";
    public static final String RESTARTS = "lakehouse_stream_restarts_total";
    public static final String FAILED = "lakehouse_stream_failed";
    public static final String COMMIT_FAILURES = "lakehouse_stream_commit_failures_total";
    public static final String NEWEST_EVENT_TIME = "lakehouse_stream_newest_event_time_seconds";

    private static final class Query {
        final AtomicLong batches = new AtomicLong();
        final DoubleAdder batchSeconds = new DoubleAdder();
        final AtomicLong restarts = new AtomicLong();
        final AtomicLong commitFailures = new AtomicLong();
        volatile boolean failed;
        volatile Double lastProgress;
        volatile Long offsetsBehind;
    }

    private static final Map<String, Query> QUERIES = new ConcurrentSkipListMap<>();
    private static final Map<String, Double> NEWEST_EVENT = new ConcurrentSkipListMap<>();
    /** By query, then table. */
    private static final Map<String, Map<String, AtomicLong>> COMMITTED = new ConcurrentSkipListMap<>();

    private StreamMetrics() {}

    /** Forgets everything: tests that compare values with their own input start from an empty registry. */
    static void reset() {
        QUERIES.clear();
        NEWEST_EVENT.clear();
        COMMITTED.clear();
    }

    /** Makes a query's counters exist (at zero) from its start, so a rate over them is defined before any event. */
    public static void register(String query) {
        query(query);
    }

    static void restarted(String query) {
        query(query).restarts.incrementAndGet();
    }

    static void failed(String query, boolean failed) {
        query(query).failed = failed;
    }

    /** A commit of a batch to a table failed (the batch fails, the supervisor restarts the query). */
    static void commitFailed(String query) {
        query(query).commitFailures.incrementAndGet();
    }

    /**
     * A batch of {@code query} committed {@code records} rows to {@code table} (Iceberg's added-records of that
     * commit). Counted from the commits rather than from Spark's numInputRows, which counts a batch again for every
     * action a foreachBatch writer runs on it.
     */
    static void committed(String query, String table, long records) {
        COMMITTED
                .computeIfAbsent(query, q -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(table, t -> new AtomicLong())
                .addAndGet(records);
    }

    /** {@code layer} has committed events up to {@code eventTime} (kept if newer than what it had). */
    public static void committedEventTime(String layer, Instant eventTime) {
        if (eventTime != null) {
            double seconds = eventTime.toEpochMilli() / 1000.0;
            NEWEST_EVENT.merge(layer.toLowerCase(Locale.ROOT), seconds, Math::max);
        }
    }

    /** Feeds batch counts, durations, rows and Kafka offsets behind from Spark's progress events. */
    public static StreamingQueryListener listener() {
        return new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {}

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
                progress(event.progress());
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {}
        };
    }

    static void progress(StreamingQueryProgress p) {
        if (p.name() == null) {
            return;
        }
        Query q = query(p.name());
        // An idle trigger reports progress too (every 10 s by default) but runs no batch: it has no addBatch phase.
        Map<String, Long> durations = p.durationMs();
        if (durations != null && durations.containsKey("addBatch")) {
            q.batches.incrementAndGet();
            Long ms = durations.get("triggerExecution");
            q.batchSeconds.add((ms == null ? durations.get("addBatch") : ms) / 1000.0);
        }
        q.lastProgress = Instant.now().toEpochMilli() / 1000.0;
        Long behind = null;
        for (SourceProgress s : p.sources()) {
            // Kafka sources report these (ReportsSourceMetrics); other sources have none.
            String max = s.metrics() == null ? null : s.metrics().get("maxOffsetsBehindLatest");
            if (max != null) {
                behind = (behind == null ? 0 : behind) + Long.parseLong(max);
            }
        }
        if (behind != null) {
            q.offsetsBehind = behind;
        }
    }

    private static Query query(String name) {
        return QUERIES.computeIfAbsent(name, n -> new Query());
    }

    /** The registry in Prometheus' text exposition format (version 0.0.4). */
    public static String scrape() {
        StringBuilder out = new StringBuilder(4096);
        family(out, BATCHES, "counter", "micro-batches run (idle triggers left out)", q -> (double) q.batches.get());
        summary(out);
        header(
                out,
                COMMITTED_RECORDS,
                "counter",
                "rows the query's batches committed to each table (Iceberg added-records)");
        COMMITTED.forEach((query, tables) -> tables.forEach((table, n) -> out.append(COMMITTED_RECORDS)
                .append("{query=\"")
                .append(query)
                .append("\",table=\"")
                .append(table)
                .append("\"} ")
                .append((double) n.get())
                .append('\n')));
        family(out, LAST_PROGRESS, "gauge", "unix time of the query's last completed batch", q -> q.lastProgress);
        family(
                out,
                OFFSETS_BEHIND,
                "gauge",
                "Kafka queries: records between the last batch's end and each partition's latest offset, summed over"
                        + " sources (max over partitions)",
                q -> q.offsetsBehind == null ? null : (double) q.offsetsBehind);
        family(out, RESTARTS, "counter", "restarts of the query by its supervisor", q -> (double) q.restarts.get());
        family(out, FAILED, "gauge", "1 when the supervisor gave the query up (FAILED)", q -> q.failed ? 1.0 : 0.0);
        family(out, COMMIT_FAILURES, "counter", "Iceberg commits of a batch that failed", q ->
                (double) q.commitFailures.get());
        header(out, NEWEST_EVENT_TIME, "gauge", "newest event_time committed to the layer by this process, unix time");
        NEWEST_EVENT.forEach((layer, v) -> sample(out, NEWEST_EVENT_TIME, "layer", layer, v));
        return out.toString();
    }

    private static void summary(StringBuilder out) {
        header(out, BATCH_DURATION, "summary", "wall time of a micro-batch (trigger execution)");
        QUERIES.forEach((name, q) -> {
            sample(out, BATCH_DURATION + "_sum", "query", name, q.batchSeconds.sum());
            sample(out, BATCH_DURATION + "_count", "query", name, (double) q.batches.get());
        });
    }

    private static void family(
            StringBuilder out, String name, String type, String help, Function<Query, Double> value) {
        List<String> lines = new ArrayList<>();
        QUERIES.forEach((query, q) -> {
            Double v = value.apply(q);
            if (v != null) {
                StringBuilder line = new StringBuilder();
                sample(line, name, "query", query, v);
                lines.add(line.toString());
            }
        });
        header(out, name, type, help);
        lines.forEach(out::append);
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        // Text format 0.0.4: a counter's family name is its sample name, _total included.
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String label, String value, double v) {
        out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"} ")
                .append(Double.isNaN(v) ? "NaN" : Double.toString(v))
                .append('\n');
    }
}
