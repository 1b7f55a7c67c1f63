package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.bronze.BronzeStream;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.Domain;
import dev.lakehouse.spark.decoding.SchemaRegistryClient;
import dev.lakehouse.spark.gold.GoldStream;
import dev.lakehouse.spark.silver.SilverStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * The {@code stream} sub-command: checks catalog, registry and topics, applies the table definitions, starts
 * the bronze, silver and gold queries, and waits. With the available-now trigger it returns once they have caught
 * up with what Kafka held at start (gold runs after silver, so it sees all that silver wrote).
 */
public final class StreamJob {
  public enum Layer { BRONZE, SILVER, GOLD }
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
    new SchemaRegistryClient(config.get(LakehouseConfig.REGISTRY_URL)).ping();
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
      if (layers.contains(Layer.BRONZE)) queries.add(inOwnPool(spark, BronzeStream.QUERY_NAME, () -> BronzeStream.start(spark, config)));
      if (layers.contains(Layer.SILVER)) queries.add(inOwnPool(spark, SilverStream.QUERY_NAME, () -> SilverStream.start(spark, config)));
      if (layers.contains(Layer.GOLD)) queries.add(inOwnPool(spark, GoldStream.QUERY_NAME, () -> GoldStream.start(spark, config)));
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

  /** Runs the queries on a prepared session until they end (available-now) or one fails. */
  public static void runOn(SparkSession spark, LakehouseConfig config, List<Layer> layers)
      throws TimeoutException, StreamingQueryException {
    if (Triggers.isAvailableNow(config) && layers.contains(Layer.GOLD)) {
      List<Layer> first = layers.stream().filter(l -> l != Layer.GOLD).toList();
      awaitAll(start(spark, config, first));
      awaitAll(start(spark, config, List.of(Layer.GOLD)));
    } else {
      awaitAll(start(spark, config, layers));
    }
  }

  /** Everything the CLI does; returns when the queries end (available-now) or fails when one fails. */
  public static void run(LakehouseConfig config, List<Layer> layers) throws TimeoutException, StreamingQueryException {
    preflight(config, layers);
    SparkSession spark = SparkSessions.create(config, "lakehouse-stream");
    TableDefinitions.applyAll(spark);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> List.of(spark.streams().active()).forEach(q -> {
      try {
        q.stop();
      } catch (Exception ignored) {
        // exiting anyway; the checkpoint makes the next start resume
      }
    })));
    runOn(spark, config, layers);
  }

  public static void awaitAll(List<StreamingQuery> queries) throws StreamingQueryException {
    for (StreamingQuery q : queries) {
      q.awaitTermination();
    }
  }
}
