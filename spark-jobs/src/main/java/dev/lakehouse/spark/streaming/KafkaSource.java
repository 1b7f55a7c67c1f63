package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Kafka side of every stream: a reachability and topic check up front, then the streaming reader. */
public final class KafkaSource {
    private KafkaSource() {}

    /** Fails with a sentence when the broker is unreachable or a topic is missing (auto-creation is off). */
    public static void requireTopics(LakehouseConfig config, List<String> topics) {
        String bootstrap = config.get(LakehouseConfig.KAFKA_BOOTSTRAP);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        // The same client properties as the stream's consumers (security.protocol, sasl.*): a secured cluster
        // refuses an admin client without them.
        p.putAll(config.withPrefix(LakehouseConfig.KAFKA_OPTION_PREFIX));
        try (AdminClient admin = AdminClient.create(p)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new ConfigException("Kafka at " + bootstrap + " has no topic(s) " + missing
                        + "; create them (the platform's topic setup does) before starting the stream");
            }
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("Kafka at " + bootstrap + " cannot be reached (" + e.getMessage() + "); check "
                    + LakehouseConfig.KAFKA_BOOTSTRAP);
        }
    }

    public static Dataset<Row> read(SparkSession spark, LakehouseConfig config, List<String> topics) {
        var reader = spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", config.get(LakehouseConfig.KAFKA_BOOTSTRAP))
                .option("subscribe", String.join(",", topics))
                .option("startingOffsets", config.get(LakehouseConfig.STARTING_OFFSETS))
                // The validator writes the validated topics in transactions: records of an aborted transaction were
                // dead-lettered or will be sent again, so they must never reach silver. The raw topics' producers are
                // not
                // transactional, where this changes nothing. lakehouse.kafka.option.isolation.level overrides it.
                .option("kafka.isolation.level", "read_committed");
        String max = config.get(LakehouseConfig.MAX_OFFSETS_PER_TRIGGER, null);
        if (max != null) {
            reader = reader.option("maxOffsetsPerTrigger", max);
        }
        // lakehouse.kafka.option.<client property> is a Kafka client property, as in the app; Spark's Kafka source
        // passes an option to its clients when it is spelt kafka.<client property>.
        for (var option : config.withPrefix(LakehouseConfig.KAFKA_OPTION_PREFIX).entrySet()) {
            reader = reader.option("kafka." + option.getKey(), option.getValue());
        }
        return reader.load();
    }
}
