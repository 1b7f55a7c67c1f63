package dev.lakehouse.validation.quarantine;

import dev.lakehouse.events.Domain;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Copies every dead-letter record to S3 for operators to inspect and replay. It reads the
 * dead-letter topic with its own consumer group and commits only after the objects are
 * written: while S3 is down it waits and retries, and the topic keeps the records meanwhile.
 */
public class QuarantineArchiver implements Runnable {

    private static final Logger LOG = Logger.getLogger(QuarantineArchiver.class);

    private final Consumer<byte[], byte[]> consumer;
    private final S3Client s3;
    private final String bucket;
    private final QuarantineConfig config;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public QuarantineArchiver(Consumer<byte[], byte[]> consumer, S3Client s3, String bucket, QuarantineConfig config,
                              MeterRegistry meters) {
        this.consumer = consumer;
        this.s3 = s3;
        this.bucket = bucket;
        this.config = config;
        this.meters = meters;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Domain.DEAD_LETTER_TOPIC));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && archive(records)) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    /** @return true when every record is in S3; false after rewinding the batch for a retry */
    private boolean archive(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            QuarantineObject object = QuarantineObject.of(config.prefix(), record);
            try {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(object.key()).metadata(object.metadata())
                        .contentType("application/octet-stream").build(), RequestBody.fromBytes(object.body()));
                meters.counter("lakehouse.quarantine.objects", "outcome", "written").increment();
            } catch (SdkException | UncheckedIOException e) {
                // The SDK's URL-connection client lets some I/O failures out unwrapped ("Unexpected end of file from
                // server"); they are as transient as any SdkException and must not end the archiver's thread.
                meters.counter("lakehouse.quarantine.objects", "outcome", "failed").increment();
                LOG.warnf("Quarantine to s3://%s failed (%s); the records stay on %s, retrying in %s",
                        bucket, e.getMessage(), Domain.DEAD_LETTER_TOPIC, config.retryBackoff());
                for (TopicPartition partition : records.partitions()) {
                    consumer.seek(partition, records.records(partition).get(0).offset());
                }
                Thread.sleep(config.retryBackoff().toMillis());
                return false;
            }
        }
        return true;
    }
}
