package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.bronze.BronzeStream;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.Domain;
import dev.lakehouse.spark.decoding.SchemaRegistryClient;
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
 * the bronze and silver(+gold) queries, and waits. With the available-now trigger it returns once both queries
 * have caught up with what Kafka held at start.
 */
public final class StreamJob {
  public enum Layer { BRONZE, SILVER }

  private StreamJob() {}

  public static List<Layer> parseLayers(String csv) {
    List<Layer> out = new ArrayList<>();
    for (String p : csv.split(",")) {
      try {
        out.add(Layer.valueOf(p.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("unknown stream '" + p.trim() + "': use bronze, silver or both");
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
    if (layers.contains(Layer.BRONZE)) queries.add(BronzeStream.start(spark, config));
    if (layers.contains(Layer.SILVER)) queries.add(SilverStream.start(spark, config));
    return queries;
  }

  /** Everything the CLI does; returns when the queries end (available-now) or fails when one fails. */
  public static void run(LakehouseConfig config, List<Layer> layers) throws TimeoutException, StreamingQueryException {
    preflight(config, layers);
    SparkSession spark = SparkSessions.create(config, "lakehouse-stream");
    TableDefinitions.applyAll(spark);
    List<StreamingQuery> queries = start(spark, config, layers);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> queries.forEach(q -> {
      try {
        q.stop();
      } catch (Exception ignored) {
        // exiting anyway; the checkpoint makes the next start resume
      }
    })));
    awaitAll(queries);
  }

  public static void awaitAll(List<StreamingQuery> queries) throws StreamingQueryException {
    for (StreamingQuery q : queries) {
      q.awaitTermination();
    }
  }
}
