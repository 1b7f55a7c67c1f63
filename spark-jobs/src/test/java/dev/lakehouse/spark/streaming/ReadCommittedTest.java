package dev.lakehouse.spark.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator writes the validated topics in Kafka transactions. Records of a transaction it aborted must never
 * reach silver: the silver stream reads read_committed. A transactional producer writes records and aborts, then
 * writes others and commits; silver holds exactly the committed ones.
 */
@ExtendWith(LocalStack.class)
class ReadCommittedTest {
    @TempDir
    Path dir;

    @Test
    void silverHoldsTheCommittedRecordsAndNoneOfAnAbortedTransaction() {
        String prefix = Topics.createFresh("txn", 1);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of());
        String topic = Domain.CLICKSTREAM.validTopic(prefix);
        Scenario s = new Scenario(77);
        List<TestEvent> aborted = new ArrayList<>();
        List<TestEvent> committed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            aborted.add(s.click(Scenario.T0.plus(Duration.ofSeconds(i)), "s-aborted", "p1"));
            committed.add(s.click(Scenario.T0.plus(Duration.ofSeconds(10 + i)), "s-committed", "p2"));
        }
        int schemaId;
        try (EventProducer registry = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            schemaId = registry.register(topic, ReaderSchemas.of(Domain.CLICKSTREAM));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.BOOTSTRAP);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-committed-test-" + prefix);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (TestEvent e : aborted) {
                producer.send(new ProducerRecord<>(
                        topic,
                        e.key(),
                        EventProducer.frame(schemaId, e.record(), ReaderSchemas.of(Domain.CLICKSTREAM))));
            }
            producer.flush(); // the aborted records are in the log, only their transaction marker hides them
            producer.abortTransaction();
            producer.beginTransaction();
            for (TestEvent e : committed) {
                producer.send(new ProducerRecord<>(
                        topic,
                        e.key(),
                        EventProducer.frame(schemaId, e.record(), ReaderSchemas.of(Domain.CLICKSTREAM))));
            }
            producer.commitTransaction();
        }

        lake.runToCompletion(lake.config, List.of(StreamJob.Layer.SILVER));

        assertThat(lake.strings("SELECT event_id FROM lake." + LakeTables.SILVER_CLICKSTREAM))
                .as("silver holds the committed transaction's events, each once, and nothing of the aborted one")
                .containsExactlyInAnyOrderElementsOf(
                        committed.stream().map(TestEvent::eventId).toList());
        assertThat(new TreeSet<>(lake.strings("SELECT session_id FROM lake." + LakeTables.SILVER_CLICKSTREAM)))
                .containsExactly("s-committed");
        assertThat(lake.table(LakeTables.QUARANTINE).count())
                .as("nothing quarantined either")
                .isZero();

        // Control: the same topic read read_uncommitted does show the aborted records, so the assertion above can fail.
        Lakehouse uncommitted = new Lakehouse(
                dir.resolve("uncommitted"),
                prefix,
                Map.of("lakehouse.kafka.option.isolation.level", "read_uncommitted"));
        uncommitted.runToCompletion(uncommitted.config, List.of(StreamJob.Layer.SILVER));
        assertThat(uncommitted.strings("SELECT event_id FROM lake." + LakeTables.SILVER_CLICKSTREAM))
                .containsAll(aborted.stream().map(TestEvent::eventId).toList());
    }
}
