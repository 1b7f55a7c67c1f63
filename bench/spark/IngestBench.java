import dev.lakehouse.spark.bronze.BronzeStream;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.gold.GoldStream;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.silver.SilverStream;
import dev.lakehouse.spark.streaming.KafkaSource;
import dev.lakehouse.spark.streaming.SparkSessions;
import dev.lakehouse.spark.streaming.Triggers;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Ingest benchmark (run by bench/spark/run.sh): (1) the same pre-filled raw topics into bronze Iceberg and into a
 * plain Parquet file sink, same trigger, topics and partitions, alternating A B A B so both are measured on a warm
 * JVM (the second run of each counts); (2) freshness produce -> visible in silver at a steady rate with a 5 s
 * trigger, bronze, silver and gold running; (3) the driver's peak RSS. Every figure carries the 1-minute load
 * average when it was taken: the machine is shared. Prints the figures and writes the JSON result.
 *
 * Args: bootstrap ccompat workdir rows rate seconds maxOffsetsPerTrigger resultJson fullRun(true|false)
 */
public final class IngestBench {
  static String bootstrap;
  static String ccompat;

  public static void main(String[] a) throws Exception {
    bootstrap = a[0];
    ccompat = a[1];
    Path work = Path.of(a[2]);
    long rows = Long.parseLong(a[3]);
    int rate = Integer.parseInt(a[4]);
    int seconds = Integer.parseInt(a[5]);
    String maxOffsets = a[6];
    Path result = Path.of(a[7]);
    boolean fullRun = Boolean.parseBoolean(a[8]);
    String prefix = "bench" + System.currentTimeMillis() % 100000 + ".commerce";
    createTopics(prefix);
    Schema schema = ReaderSchemas.of(Domain.CLICKSTREAM);
    int schemaId = register(Domain.CLICKSTREAM.rawTopic(prefix), schema);
    register(Domain.CLICKSTREAM.validTopic(prefix), schema);

    say("pre-filling %s with %,d records", Domain.CLICKSTREAM.rawTopic(prefix), rows);
    long t0 = System.nanoTime();
    try (KafkaProducer<String, byte[]> p = producer()) {
      GenericRecord template = click(schema, System.currentTimeMillis());
      for (long i = 0; i < rows; i++) {
        template.put("event_id", new UUID(7, i).toString());
        template.put("session_id", "s" + (i % 5000));
        p.send(new ProducerRecord<>(Domain.CLICKSTREAM.rawTopic(prefix), "v" + (i % 5000), frame(schemaId, template, schema)));
      }
      p.flush();
    }
    say("pre-filled in %.1f s", (System.nanoTime() - t0) / 1e9);

    Map<String, String> o = new HashMap<>();
    o.put(LakehouseConfig.DATA_DIR, work.resolve("lake").toString());
    o.put(LakehouseConfig.KAFKA_BOOTSTRAP, bootstrap);
    o.put(LakehouseConfig.REGISTRY_URL, ccompat);
    o.put(LakehouseConfig.TOPIC_PREFIX, prefix);
    // A key ring file outside the lake folder (the jobs refuse one inside it, and a key on a command line).
    Path keys = work.resolve("keys/pii.keys");
    Files.createDirectories(keys.getParent());
    Files.writeString(keys, "v1:bench-key-0123456789\n");
    Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    o.put(LakehouseConfig.PII_KEY_STORE, keys.toString());
    o.put(LakehouseConfig.TRIGGER, "available-now");
    o.put(LakehouseConfig.MAX_OFFSETS_PER_TRIGGER, maxOffsets);
    LakehouseConfig config = LakehouseConfig.load(null, o);
    SparkSession spark = SparkSessions.create(config, "ingest-bench");
    TableDefinitions.applyAll(spark);

    // A B A B: the first pass of each warms the JVM (JIT, Kafka and Iceberg classes); the second is the figure.
    double[] ours = null;
    double[] base = null;
    for (int pass = 1; pass <= 2; pass++) {
      long before = spark.table("lake.bronze.events").count();
      ours = timed("bronze pass " + pass, BronzeStream.start(spark,
          config.with(LakehouseConfig.CHECKPOINT_DIR, work.resolve("bronze-checkpoint-" + pass).toString())),
          () -> spark.table("lake.bronze.events").count() - before);
      String out = work.resolve("parquet-" + pass).toString();
      base = timed("parquet pass " + pass, KafkaSource.read(spark, config, Domain.rawTopics(prefix))
          .selectExpr("key", "value", "topic", "partition", "offset", "timestamp", "current_date() AS ingest_day")
          .writeStream().format("parquet").partitionBy("ingest_day")
          .option("path", out)
          .option("checkpointLocation", work.resolve("parquet-checkpoint-" + pass).toString())
          .trigger(Trigger.AvailableNow()).start(), () -> spark.read().parquet(out).count());
    }
    long oursRows = (long) ours[1];

    double[] full = freshnessRun(spark, config, work, prefix, schema, schemaId, rate, seconds, true, "full");
    double[] silverOnly = freshnessRun(spark, config, work, prefix, schema, schemaId, rate, seconds, false, "solo");
    double p50 = full[0];
    double p95 = full[1];
    long rssMb = peakRssMb();
    double ratio = ours[0] / base[0];

    System.out.println();
    System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "", "bronze Iceberg", "plain Parquet");
    System.out.printf(Locale.ROOT, "%-34s %,14.0f %,14.0f%n", "rows/s (" + oursRows + " rows)", ours[0], base[0]);
    System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f%n", "load average (1 min) during", ours[2], base[2]);
    System.out.printf(Locale.ROOT, "%-34s %14.2f  (target >= 0.8)%n", "ratio", ratio);
    System.out.printf(Locale.ROOT, "%-34s p50 %.1f s, p95 %.1f s  (target p95 <= 15 s), load %.2f%n",
        "freshness produce -> silver", p50, p95, full[3]);
    System.out.printf(Locale.ROOT, "%-34s mean %.1f s, max %.1f s; gold mean %.1f s%n", "  silver batch duration",
        full[4], full[5], full[6]);
    System.out.printf(Locale.ROOT, "%-34s p50 %.1f s, p95 %.1f s%n", "  same, silver stream alone", silverOnly[0],
        silverOnly[1]);
    System.out.printf(Locale.ROOT, "%-34s %d MB  (target < 2048)%n", "driver peak RSS", rssMb);
    String json = String.format(Locale.ROOT, "{\n  \"ours\": %.0f,\n  \"baseline\": %.0f,\n  \"ratio\": %.3f,\n  \"full_run\": %s,\n"
        + "  \"rows\": %d,\n  \"load_avg_1m_ours\": %.2f,\n  \"load_avg_1m_baseline\": %.2f,\n"
        + "  \"freshness_p50_s\": %.2f,\n  \"freshness_p95_s\": %.2f,\n  \"freshness_events\": %d,\n"
        + "  \"freshness_rate_per_s\": %d,\n  \"freshness_load_avg_1m\": %.2f,\n"
        + "  \"silver_batch_mean_s\": %.2f,\n  \"silver_batch_max_s\": %.2f,\n  \"gold_batch_mean_s\": %.2f,\n"
        + "  \"freshness_silver_only_p50_s\": %.2f,\n  \"freshness_silver_only_p95_s\": %.2f,\n"
        + "  \"freshness_silver_only_load_avg_1m\": %.2f,\n  \"rss_mb\": %d,\n  \"trigger_s\": 5,\n"
        + "  \"max_offsets_per_trigger\": %s,\n  \"spark_master\": \"local[2]\",\n  \"cpus\": %d\n}\n",
        ours[0], base[0], ratio, fullRun, oursRows, ours[2], base[2], p50, p95, (long) full[2], rate, full[3], full[4], full[5],
        full[6], silverOnly[0], silverOnly[1], silverOnly[3], rssMb, maxOffsets, Runtime.getRuntime().availableProcessors());
    Files.createDirectories(result.getParent());
    Files.writeString(result, json);
    say("wrote %s", result);
    spark.stop();
  }

  /**
   * Runs an available-now query to its end: {rows/s, rows, mean 1-minute load average while it ran}. Rows are
   * counted in the sink (the source's count would include bronze's one-row emptiness probe per batch).
   */
  static double[] timed(String what, StreamingQuery query, java.util.function.LongSupplier written) throws Exception {
    long start = System.nanoTime();
    double load = loadAverage();
    query.awaitTermination();
    double sec = (System.nanoTime() - start) / 1e9;
    load = (load + loadAverage()) / 2;
    long rows = written.getAsLong();
    say("%s: %,d rows in %.1f s = %,.0f rows/s (load %.2f)", what, rows, sec, rows / sec, load);
    return new double[] {rows / sec, rows, load};
  }

  static double loadAverage() throws Exception {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  static StreamingQuery named(List<StreamingQuery> queries, String name) {
    return queries.stream().filter(q -> name.equals(q.name())).findFirst().orElse(null);
  }

  /** Mean and max duration (s) of a query's non-empty batches. */
  static double[] batchSeconds(StreamingQuery q) {
    double sum = 0;
    double max = 0;
    int n = 0;
    for (var p : q.recentProgress()) {
      if (p.numInputRows() > 0) {
        double s = p.batchDuration() / 1000.0;
        sum += s;
        max = Math.max(max, s);
        n++;
      }
    }
    return new double[] {n == 0 ? -1 : sum / n, max};
  }

  /**
   * Produces {@code rate}/s for {@code seconds}; returns {p50, p95, produced, load average, silver batch mean s,
   * silver batch max s, gold batch mean s} of produce -> visible in silver.
   */
  static double[] freshnessRun(SparkSession spark, LakehouseConfig config, Path work, String prefix, Schema schema,
      int schemaId, int rate, int seconds, boolean withBronze, String tag) throws Exception {
    say("freshness (%s): %d events/s for %d s, %s, 5 s trigger", tag, rate, seconds,
        withBronze ? "bronze, silver and gold streams running" : "silver stream alone");
    LakehouseConfig live = config.with(LakehouseConfig.TRIGGER, "5 seconds")
        .with(LakehouseConfig.MAX_OFFSETS_PER_TRIGGER, "")
        .with(LakehouseConfig.CHECKPOINT_DIR, work.resolve("live-checkpoints-" + tag).toString())
        .with(LakehouseConfig.STARTING_OFFSETS, "latest");
    List<StreamingQuery> queries = StreamJob.start(spark, live, withBronze
        ? List.of(StreamJob.Layer.BRONZE, StreamJob.Layer.SILVER, StreamJob.Layer.GOLD) : List.of(StreamJob.Layer.SILVER));
    StreamingQuery silver = named(queries, SilverStream.QUERY_NAME);
    StreamingQuery gold = named(queries, GoldStream.QUERY_NAME);
    Thread.sleep(15000); // let the queries reach their first (empty) trigger
    long produced = 0;
    double loadStart = loadAverage();
    try (KafkaProducer<String, byte[]> p = producer()) {
      long start = System.nanoTime();
      for (int sec = 0; sec < seconds; sec++) {
        for (int slice = 0; slice < 10; slice++) {
          long due = start + TimeUnit.MILLISECONDS.toNanos(sec * 1000L + slice * 100L);
          while (System.nanoTime() < due) Thread.sleep(1);
          for (int i = 0; i < rate / 10; i++) {
            GenericRecord r = click(schema, System.currentTimeMillis());
            r.put("event_id", UUID.randomUUID().toString());
            r.put("session_id", tag + (produced % 2000));
            byte[] v = frame(schemaId, r, schema);
            p.send(new ProducerRecord<>(Domain.CLICKSTREAM.validTopic(prefix), "k" + (produced % 2000), v));
            if (withBronze) p.send(new ProducerRecord<>(Domain.CLICKSTREAM.rawTopic(prefix), "k" + (produced % 2000), v));
            produced++;
          }
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    long visible = 0;
    String where = " WHERE session_id LIKE '" + tag + "%'";
    while (System.nanoTime() < deadline
        && (visible = spark.sql("SELECT count(*) FROM lake.silver.clickstream" + where).first().getLong(0)) < produced) {
      Thread.sleep(1000);
    }
    double load = (loadStart + loadAverage()) / 2;
    double[] silverBatches = batchSeconds(silver);
    double goldMean = gold == null ? -1 : batchSeconds(gold)[0];
    for (StreamingQuery q : queries) q.stop();
    say("freshness (%s): silver holds %,d of %,d produced", tag, visible, produced);
    List<Double> lags = freshness(spark, tag);
    Collections.sort(lags);
    double p50 = lags.isEmpty() ? -1 : lags.get(lags.size() / 2);
    double p95 = lags.isEmpty() ? -1 : lags.get((int) Math.min(lags.size() - 1, Math.floor(lags.size() * 0.95)));
    say("freshness (%s): p50 %.1f s, p95 %.1f s (load %.2f); silver batches mean %.1f s, max %.1f s; gold mean %.1f s",
        tag, p50, p95, load, silverBatches[0], silverBatches[1], goldMean);
    return new double[] {p50, p95, produced, load, silverBatches[0], silverBatches[1], goldMean};
  }

  /**
   * Per row: commit time of the snapshot that added the row's data file minus the row's event time (= the time
   * it was produced). The file -> snapshot mapping comes from the table's entries metadata.
   */
  static List<Double> freshness(SparkSession spark, String tag) {
    List<Row> rows = spark.sql("SELECT CAST((unix_millis(s.committed_at) - unix_millis(c.event_time)) / 1000.0 AS DOUBLE) "
        + "FROM lake.silver.clickstream c "
        + "JOIN (SELECT snapshot_id, data_file.file_path AS path FROM lake.silver.clickstream.entries WHERE status < 2) e "
        + "ON c._file = e.path JOIN lake.silver.clickstream.snapshots s ON s.snapshot_id = e.snapshot_id "
        + "WHERE c.session_id LIKE '" + tag + "%'").collectAsList();
    List<Double> lags = new ArrayList<>(rows.size());
    for (Row r : rows) lags.add(r.getDouble(0));
    return lags;
  }

  static long peakRssMb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
    }
    return -1;
  }

  static GenericRecord click(Schema schema, long time) {
    Schema ctxSchema = schema.getField("context").schema();
    GenericRecord ctx = new GenericData.Record(ctxSchema);
    ctx.put("device", new GenericData.EnumSymbol(ctxSchema.getField("device").schema(), "DESKTOP"));
    ctx.put("ip_address", "10.1.2.3");
    Schema viewed = schema.getField("payload").schema().getTypes().stream()
        .filter(s -> s.getName().equals("ProductViewed")).findFirst().orElseThrow();
    Schema money = viewed.getField("price").schema();
    GenericRecord price = new GenericData.Record(money);
    price.put("amount", ByteBuffer.wrap(new BigDecimal("19.99").unscaledValue().toByteArray()));
    price.put("currency", "EUR");
    GenericRecord payload = new GenericData.Record(viewed);
    payload.put("product_id", "p42");
    payload.put("price", price);
    GenericRecord r = new GenericData.Record(schema);
    r.put("event_id", "x");
    r.put("event_time", time);
    r.put("schema_version", 1);
    r.put("session_id", "s");
    r.put("visitor_id", "v");
    r.put("context", ctx);
    r.put("payload", payload);
    return r;
  }

  static byte[] frame(int id, GenericRecord r, Schema s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(s).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "20");
    p.put("batch.size", "524288");
    p.put("compression.type", "lz4");
    p.put("acks", "1");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static void createTopics(String prefix) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<NewTopic> topics = new ArrayList<>();
    for (Domain d : Domain.values()) {
      topics.add(new NewTopic(d.rawTopic(prefix), 2, (short) 1));
      topics.add(new NewTopic(d.validTopic(prefix), 2, (short) 1));
    }
    try (AdminClient admin = AdminClient.create(p)) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  static int register(String topic, Schema schema) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("schema", schema.toString()));
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ccompat + "/subjects/" + topic + "-value/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    String resp = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(resp).get("id").asInt();
  }

  static void say(String fmt, Object... args) {
    System.out.printf(Locale.ROOT, "bench: " + fmt + "%n", args);
  }
}
