package dev.lakehouse.validation;

import dev.lakehouse.events.Domain;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
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
    private final MeterRegistry meters;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public ValidationLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, RecordRouter router,
                          MeterRegistry meters, Duration pollTimeout, Duration retryBackoff) {
        this.consumer = consumer;
        this.producer = producer;
        this.router = router;
        this.meters = meters;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(Arrays.stream(Domain.values()).map(Domain::rawTopic).toList());
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            // stop() woke us up: leave quietly.
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            LOG.errorf(e, "Validator stopped: another instance took over its transactional id, or it lacks rights");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks the loop to finish its current transaction and stop; safe from any thread. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    private void processInTransaction(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        producer.beginTransaction();
        try {
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                RecordRouter.Routed routed = router.route(record);
                producer.send(routed.record());
                meters.counter("lakehouse.validator.records", "outcome", routed.valid() ? "valid" : "dead_letter",
                        "reason", routed.valid() ? "none" : routed.reasonCode(), "topic", record.topic()).increment();
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (IOException | KafkaException e) {
            if (e instanceof ProducerFencedException || e instanceof WakeupException) {
                throw (KafkaException) e;
            }
            LOG.warnf("Batch of %d records aborted, will retry in %s: %s", records.count(), retryBackoff, e.getMessage());
            producer.abortTransaction();
            rewind(records);
            Thread.sleep(retryBackoff.toMillis());
        }
    }

    /** Puts the consumer back to the batch's first offsets so an aborted batch is read again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
