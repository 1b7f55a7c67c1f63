package dev.lakehouse.spark.pipeline;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.bronze.BronzeStream;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.RegistryPreflight;
import dev.lakehouse.spark.gold.GoldStream;
import dev.lakehouse.spark.keys.PiiKeys;
import dev.lakehouse.spark.keys.TableKeyVersions;
import dev.lakehouse.spark.silver.PiiProtection;
import dev.lakehouse.spark.silver.SilverStream;
import dev.lakehouse.spark.streaming.FaultInjection;
import dev.lakehouse.spark.streaming.KafkaSource;
import dev.lakehouse.spark.streaming.MetricsEndpoint;
import dev.lakehouse.spark.streaming.QuerySupervisor;
import dev.lakehouse.spark.streaming.SparkSessions;
import dev.lakehouse.spark.streaming.StreamHealth;
import dev.lakehouse.spark.streaming.StreamMetrics;
import dev.lakehouse.spark.streaming.Triggers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * The stream wiring behind the {@code stream} sub-command, above the three layers it starts: checks catalog,
 * registry and topics, applies the table definitions, starts the bronze, silver and gold queries, and waits. With
 * the available-now trigger it returns once they have caught up with what Kafka held at start (gold runs after
 * silver, so it sees all that silver wrote).
 */
public final class StreamJob {
    public enum Layer {
        BRONZE,
        SILVER,
        GOLD
    }

    private static final String POOL = "spark.scheduler.pool";

    private StreamJob() {}

    public static List<Layer> parseLayers(String csv) {
        List<Layer> out = new ArrayList<>();
        for (String p : csv.split(",")) {
            try {
                out.add(Layer.valueOf(p.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("unknown stream '" + p.trim() + "': use bronze, silver, gold");
            }
        }
        return out;
    }

    public static void preflight(LakehouseConfig config, List<Layer> layers) {
        CatalogPreflight.check(config);
        RegistryPreflight.check(config.registryApi());
        String prefix = config.get(LakehouseConfig.TOPIC_PREFIX);
        List<String> topics = new ArrayList<>();
        if (layers.contains(Layer.BRONZE)) topics.addAll(Domain.rawTopics(prefix));
        if (layers.contains(Layer.SILVER)) topics.addAll(Domain.validTopics(prefix));
        KafkaSource.requireTopics(config, topics);
    }

    /** Starts the queries on a prepared session (tables exist). */
    public static List<StreamingQuery> start(SparkSession spark, LakehouseConfig config, List<Layer> layers)
            throws TimeoutException {
        List<StreamingQuery> queries = new ArrayList<>();
        try {
            if (layers.contains(Layer.BRONZE))
                queries.add(inOwnPool(spark, BronzeStream.QUERY_NAME, () -> BronzeStream.start(spark, config)));
            if (layers.contains(Layer.SILVER))
                queries.add(inOwnPool(spark, SilverStream.QUERY_NAME, () -> SilverStream.start(spark, config)));
            if (layers.contains(Layer.GOLD))
                queries.add(inOwnPool(spark, GoldStream.QUERY_NAME, () -> GoldStream.start(spark, config)));
        } finally {
            spark.sparkContext().setLocalProperty(POOL, null);
        }
        return queries;
    }

    private interface QueryStart {
        StreamingQuery start() throws TimeoutException;
    }

    /**
     * Each query schedules its jobs in a fair-scheduler pool of its own (the query thread inherits the property),
     * so a long gold recompute shares the cores with silver's next batch instead of queueing it (FIFO).
     */
    private static StreamingQuery inOwnPool(SparkSession spark, String pool, QueryStart start) throws TimeoutException {
        spark.sparkContext().setLocalProperty(POOL, pool);
        return start.start();
    }

    /**
     * Runs the queries on a prepared session, each under a {@link QuerySupervisor} (restart with backoff on an error)
     * and reported in the health file, until they end (available-now) or forever. With available-now it fails when
     * a query was given up as FAILED; otherwise a FAILED query leaves the process up, with the health file saying so.
     */
    public static void runOn(SparkSession spark, LakehouseConfig config, List<Layer> layers) {
        if (layers.contains(Layer.SILVER)) {
            // Before any query starts: a wrong or unrotated key is a configuration error, not a restartable failure.
            PiiKeys.Loaded keys = PiiKeys.load(config);
            TableKeyVersions.requireCurrent(spark, PiiProtection.keyedColumns().keySet(), keys.ring(), keys.source());
            DataKeys.shared(config.subjectKeys()); // where the subjects' keys are: named or refused here, not per batch
        }
        FaultInjection.arm(config);
        String metricsPort = config.get(LakehouseConfig.METRICS_PORT, null);
        if (metricsPort != null) {
            MetricsEndpoint.start(config.getInt(LakehouseConfig.METRICS_PORT));
        }
        StreamingQueryListener metrics = StreamMetrics.listener();
        spark.streams().addListener(metrics);
        try (StreamHealth health =
                new StreamHealth(config.healthFile(), config.getDuration(LakehouseConfig.HEALTH_INTERVAL))) {
            spark.streams().addListener(health);
            try {
                if (Triggers.isAvailableNow(config) && layers.contains(Layer.GOLD)) {
                    supervise(
                            spark,
                            config,
                            health,
                            layers.stream().filter(l -> l != Layer.GOLD).toList());
                    supervise(spark, config, health, List.of(Layer.GOLD));
                } else {
                    supervise(spark, config, health, layers);
                }
            } finally {
                spark.streams().removeListener(health);
            }
        } finally {
            spark.streams().removeListener(metrics);
        }
    }

    private static final java.util.Set<QuerySupervisor> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void supervise(SparkSession spark, LakehouseConfig config, StreamHealth health, List<Layer> layers) {
        List<QuerySupervisor> supervisors = new ArrayList<>();
        for (Layer layer : layers) {
            String name = layer.name().toLowerCase(Locale.ROOT);
            QuerySupervisor.Starter starter = switch (layer) {
                case BRONZE -> () -> inOwnPool(spark, name, () -> BronzeStream.start(spark, config));
                case SILVER -> () -> inOwnPool(spark, name, () -> SilverStream.start(spark, config));
                case GOLD -> () -> inOwnPool(spark, name, () -> GoldStream.start(spark, config));
            };
            supervisors.add(new QuerySupervisor(
                    name,
                    starter,
                    health,
                    config.getDuration(LakehouseConfig.RESTART_BACKOFF),
                    config.getDuration(LakehouseConfig.RESTART_BACKOFF_MAX),
                    config.getInt(LakehouseConfig.MAX_RESTARTS)));
        }
        List<Thread> threads = new ArrayList<>();
        for (QuerySupervisor s : supervisors) {
            ACTIVE.add(s);
            Thread t = new Thread(
                    () -> {
                        SparkSession.setActiveSession(spark);
                        s.run();
                    },
                    "supervisor-" + s.name());
            t.start();
            threads.add(t);
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            supervisors.forEach(QuerySupervisor::stop);
        } finally {
            supervisors.forEach(ACTIVE::remove);
        }
        List<String> failed = supervisors.stream()
                .filter(QuerySupervisor::failed)
                .map(s -> s.name() + " (" + s.lastError() + ")")
                .toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(
                    "stream query failed after restarts: " + String.join(", ", failed) + "; see " + health.file());
        }
    }

    /** Everything the CLI does; returns when the queries end (available-now). */
    public static void run(LakehouseConfig config, List<Layer> layers) {
        preflight(config, layers);
        SparkSession spark = SparkSessions.create(config, "lakehouse-stream");
        TableDefinitions.applyAll(spark);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List.copyOf(ACTIVE).forEach(QuerySupervisor::stop);
            List.of(spark.streams().active()).forEach(q -> {
                try {
                    q.stop();
                } catch (Exception ignored) {
                    // exiting anyway; the checkpoint makes the next start resume
                }
            });
        }));
        runOn(spark, config, layers);
    }

    public static void awaitAll(List<StreamingQuery> queries) throws StreamingQueryException {
        for (StreamingQuery q : queries) {
            q.awaitTermination();
        }
    }
}
