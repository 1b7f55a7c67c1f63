package dev.lakehouse.validation;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Consume, route, produce, in one Kafka transaction per poll: the routed records and the
 * consumer offsets commit together, so after a crash a batch is either fully visible (and not
 * read again) or not at all (and read again). Downstream readers use read_committed.
 */
public class ValidationLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ValidationLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final RecordRouter router;
    private final CatalogFollower catalog;
    private final DuplicateFilter duplicates;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final Timer batchTimer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean assigned;

    public ValidationLoop(
            Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> producer,
            RecordRouter router,
            CatalogFollower catalog,
            DuplicateFilter duplicates,
            MeterRegistry meters,
            Clock clock,
            Duration pollTimeout,
            Duration retryBackoff) {
        this.consumer = consumer;
        this.producer = producer;
        this.router = router;
        this.catalog = catalog;
        this.duplicates = duplicates;
        this.meters = meters;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.batchTimer = Timer.builder("lakehouse.validator.batch")
                .description("time to validate and commit one poll")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
    }

    @Override
    public void run() {
        run(() -> {});
    }

    /**
     * One life of the loop, beating on every poll. Unexpected errors are not swallowed: they end this life (the
     * clients are closed) and go up to the supervisor, which starts a new life with fresh clients and state.
     */
    public void run(Heartbeat heartbeat) {
        try {
            producer.initTransactions();
            consumer.subscribe(
                    Arrays.stream(Domain.values()).map(Domain::rawTopic).toList(), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assigned = true;
                            LOG.infof("Validator assigned %d partitions", partitions.size());
                        }
                    });
            while (running.get()) {
                heartbeat.beat();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e; // nobody asked us to stop
            }
            // stop() woke us up between transactions: leave quietly.
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            LOG.errorf(e, "Validator stopped: another instance took over its transactional id, or it lacks rights");
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            assigned = false;
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
            catalog.close();
        }
    }

    /** Asks the loop to finish its current transaction and stop; safe from any thread. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    /** Ready once the group gave this instance its partitions (possibly none) and until it stops. */
    public boolean ready() {
        return assigned && running.get();
    }

    private void processInTransaction(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        Timer.Sample sample = Timer.start(meters);
        Map<Outcome, Integer> outcomes = new HashMap<>();
        producer.beginTransaction();
        try {
            catalog.catchUp();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                RecordRouter.Routed routed = router.route(record);
                if (routed.record() != null) {
                    producer.send(routed.record());
                }
                outcomes.merge(
                        new Outcome(
                                outcome(routed),
                                routed.reasonCode() == null ? "none" : routed.reasonCode(),
                                record.topic()),
                        1,
                        Integer::sum);
                next.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
            duplicates.commit(clock.instant());
            // Counted only once committed, so a retried batch is not counted twice.
            outcomes.forEach((key, count) -> meters.counter(
                            "lakehouse.validator.records",
                            "outcome",
                            key.outcome(),
                            "reason",
                            key.reason(),
                            "topic",
                            key.topic())
                    .increment(count));
            sample.stop(batchTimer);
        } catch (IOException | KafkaException e) {
            if (e instanceof ProducerFencedException || e instanceof WakeupException) {
                throw (KafkaException) e;
            }
            LOG.warnf(
                    "Batch of %d records aborted, will retry in %s: %s", records.count(), retryBackoff, e.getMessage());
            producer.abortTransaction();
            duplicates.abort();
            rewind(records);
            Thread.sleep(retryBackoff.toMillis());
        }
    }

    private record Outcome(String outcome, String reason, String topic) {}

    private static String outcome(RecordRouter.Routed routed) {
        return routed.valid() ? "valid" : routed.duplicate() ? "duplicate" : "dead_letter";
    }

    /** Puts the consumer back to the batch's first offsets so an aborted batch is read again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
