package dev.lakehouse.validation.quarantine;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.validation.DeadLetterHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies every dead-letter record to S3 for operators to inspect and replay. It reads the
 * dead-letter topic with its own consumer group and commits only after the objects are
 * written: while S3 is down it waits and retries, and the topic keeps the records meanwhile.
 *
 * <p>What S3 says decides what happens to a record: a transient failure (5xx, throttling, I/O) and a bucket-level
 * refusal (403 no access, 404 no such bucket: nothing can be written, so no record is to blame) are retried with the
 * batch after a pause, the latter also reported by {@link #bucketProblem()} for readiness. Any other 4xx concerns this
 * one object (its key or metadata): it is written once more under a fallback key with minimal metadata, and if S3
 * refuses that too, counted as {@code outcome=rejected} and skipped with a log line naming the record, never retried
 * forever.
 */
public class QuarantineArchiver implements Runnable {

    private static final Logger LOG = Logger.getLogger(QuarantineArchiver.class);
    private static final Duration PAYLOAD_FETCH_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final S3Client s3;
    private final String bucket;
    private final QuarantineConfig config;
    private final MeterRegistry meters;
    private final Supplier<Consumer<byte[], byte[]>> payloadReaders;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String bucketProblem;
    private Consumer<byte[], byte[]> payloadReader;
    private ExecutorService puts;

    /**
     * @param payloadReaders makes the plain (assign + seek) consumer that fetches a RECORD_TOO_LARGE dead letter's
     *                       original bytes from its raw topic; made on first use, closed with the archiver
     */
    public QuarantineArchiver(
            Consumer<byte[], byte[]> consumer,
            S3Client s3,
            String bucket,
            QuarantineConfig config,
            MeterRegistry meters,
            Supplier<Consumer<byte[], byte[]>> payloadReaders) {
        this.consumer = consumer;
        this.s3 = s3;
        this.bucket = bucket;
        this.config = config;
        this.meters = meters;
        this.payloadReaders = payloadReaders;
    }

    @Override
    public void run() {
        run(() -> {});
    }

    /** One life of the archiver, beating on every poll and while it waits for S3. */
    public void run(Heartbeat heartbeat) {
        try {
            consumer.subscribe(List.of(Domain.DEAD_LETTER_TOPIC));
            while (running.get()) {
                heartbeat.beat();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && archive(records, heartbeat)) {
                    commit(records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
            // stop() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
            if (payloadReader != null) {
                payloadReader.close(Duration.ofSeconds(5));
            }
            if (puts != null) {
                puts.shutdownNow();
            }
        }
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    /** The S3 error text while the bucket cannot be written at all (no bucket, no access); empty otherwise. */
    public Optional<String> bucketProblem() {
        return Optional.ofNullable(bucketProblem);
    }

    /**
     * A group rebalance while the batch was being written makes the commit fail: the objects are in S3 under keys
     * that a second write overwrites, so the batch is read again from what this member still owns, and the loop
     * goes on (a partition now owned by another member is archived there, again harmlessly).
     */
    private void commit(ConsumerRecords<byte[], byte[]> records) {
        try {
            consumer.commitSync();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warnf("Quarantine commit failed (%s); reading the batch again", e.toString());
            rewind(records, true);
        }
    }

    /** @return true when every record is in S3 (or skipped for good); false after rewinding the batch for a retry */
    private boolean archive(ConsumerRecords<byte[], byte[]> records, Heartbeat heartbeat) throws InterruptedException {
        // Bodies first, on this thread: a too-large record's payload is read with the one payload consumer.
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        List<QuarantineObject> objects = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                objects.add(QuarantineObject.of(config.prefix(), record, body(record)));
                batch.add(record);
            } catch (PayloadUnavailableException e) {
                return retryLater(
                        records,
                        heartbeat,
                        "the payload of " + QuarantineObject.position(record) + " cannot be read now: "
                                + e.getMessage());
            }
        }
        // Then the puts, several at once. A key is derived from the record's position, so when one put must be
        // retried the whole batch is written again and the others overwrite themselves harmlessly.
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = batch.get(i);
            QuarantineObject object = objects.get(i);
            writes.add(puts().submit(() -> write(record, object)));
        }
        String retry = null;
        for (Future<String> write : writes) {
            heartbeat.beat();
            try {
                String failure = write.get();
                retry = retry == null ? failure : retry;
            } catch (ExecutionException e) {
                // write() handles every S3 failure itself: anything else is a bug for the supervisor to see
                throw new IllegalStateException("quarantine write failed unexpectedly", e.getCause());
            }
        }
        if (retry != null) {
            return retryLater(records, heartbeat, retry);
        }
        return true;
    }

    /** @return null when the object is in S3 (or skipped for good); why not, when S3 must be tried again later */
    private String write(ConsumerRecord<byte[], byte[]> record, QuarantineObject object) {
        try {
            put(object);
            bucketProblem = null;
            meters.counter("lakehouse.quarantine.objects", "outcome", "written").increment();
            return null;
        } catch (S3Exception e) {
            if (transientOrBucketWide(e)) {
                if (e.statusCode() == 403 || e.statusCode() == 404) {
                    bucketProblem = "s3://" + bucket + ": " + e.getMessage();
                }
                return e.getMessage();
            }
            archiveUnderFallback(record, object, object.body(), e);
            return null;
        } catch (SdkException | UncheckedIOException e) {
            // The SDK's URL-connection client lets some I/O failures out unwrapped ("Unexpected end of file from
            // server"); they are as transient as any SdkException and must not end the archiver's thread.
            return String.valueOf(e.getMessage());
        }
    }

    private ExecutorService puts() {
        if (puts == null) {
            AtomicInteger n = new AtomicInteger();
            puts = Executors.newFixedThreadPool(Math.max(1, config.parallelPuts()), r -> {
                Thread t = new Thread(r, "quarantine-put-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return puts;
    }

    private void put(QuarantineObject object) {
        s3.putObject(
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(object.key())
                        .metadata(object.metadata())
                        .contentType("application/octet-stream")
                        .build(),
                RequestBody.fromBytes(object.body()));
    }

    private static boolean transientOrBucketWide(S3Exception e) {
        int status = e.statusCode();
        return status >= 500
                || status == 429
                || status == 408
                || status == 403
                || status == 404
                || e.isThrottlingException();
    }

    /** S3 refused this one object (a 4xx of its own): once under the fallback key, else counted and skipped. */
    private void archiveUnderFallback(
            ConsumerRecord<byte[], byte[]> record, QuarantineObject refused, byte[] body, S3Exception e) {
        QuarantineObject fallback = QuarantineObject.fallback(config.prefix(), record, body);
        try {
            put(fallback);
            meters.counter("lakehouse.quarantine.objects", "outcome", "fallback")
                    .increment();
            LOG.warnf(
                    "Dead letter %s: S3 refused key %s (%s); archived as %s",
                    QuarantineObject.position(record), refused.key(), e.getMessage(), fallback.key());
        } catch (SdkException second) {
            meters.counter("lakehouse.quarantine.objects", "outcome", "rejected")
                    .increment();
            LOG.errorf(
                    "Dead letter %s (source %s) not archived: S3 refused it (%s) and its fallback key %s (%s); it stays "
                            + "on %s only",
                    QuarantineObject.position(record),
                    refused.metadata().get("source-topic"),
                    e.getMessage(),
                    fallback.key(),
                    second.getMessage(),
                    Domain.DEAD_LETTER_TOPIC);
        }
    }

    private boolean retryLater(ConsumerRecords<byte[], byte[]> records, Heartbeat heartbeat, String why)
            throws InterruptedException {
        meters.counter("lakehouse.quarantine.objects", "outcome", "failed").increment();
        LOG.warnf(
                "Quarantine to s3://%s failed (%s); the records stay on %s, retrying in %s",
                bucket, why, Domain.DEAD_LETTER_TOPIC, config.retryBackoff());
        rewind(records, false);
        // waiting for S3 is not being stuck: beat through the pause
        long until = System.nanoTime() + config.retryBackoff().toNanos();
        while (running.get() && System.nanoTime() < until) {
            heartbeat.beat();
            Thread.sleep(Math.min(1000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        return false;
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records, boolean onlyOwned) {
        for (TopicPartition partition : records.partitions()) {
            if (!onlyOwned || consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /**
     * The dead letter's value, or for a RECORD_TOO_LARGE pointer (value null, {@code dlq.payload.location}) the
     * original bytes from the raw topic. A payload that is gone for good (retention, an aborted transaction) is
     * archived as an empty body with the pointer in the metadata; a broker that does not answer is retried.
     */
    private byte[] body(ConsumerRecord<byte[], byte[]> record) {
        Header location = record.headers().lastHeader(DeadLetterHeaders.PAYLOAD_LOCATION);
        if (record.value() != null || location == null || location.value() == null) {
            return record.value() == null ? new byte[0] : record.value();
        }
        String text = new String(location.value(), StandardCharsets.UTF_8);
        Optional<PayloadLocation> parsed = PayloadLocation.parse(text);
        if (parsed.isEmpty()) {
            LOG.warnf(
                    "Dead letter %s: unreadable payload location '%s'; archived without its payload",
                    QuarantineObject.position(record), text);
            return new byte[0];
        }
        if (payloadReader == null) {
            payloadReader = payloadReaders.get();
        }
        return parsed.get().fetch(payloadReader, PAYLOAD_FETCH_TIMEOUT).orElseGet(() -> {
            LOG.warnf(
                    "Dead letter %s: no record at %s any more; archived without its payload",
                    QuarantineObject.position(record), text);
            return new byte[0];
        });
    }
}
