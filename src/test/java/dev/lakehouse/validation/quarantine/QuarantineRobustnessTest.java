package dev.lakehouse.validation.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.DeadLetterHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The archiver against hostile dead letters and a difficult S3 (the stack's real S3 server): odd headers, objects S3
 * refuses (a wrong Content-MD5 makes the server answer 400 for that one object), a missing bucket, a commit that fails
 * in a rebalance, and RECORD_TOO_LARGE pointers whose payload is fetched from the raw topic. One record never ends
 * the archiver, and nothing is retried forever but a bucket that cannot be written at all.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class QuarantineRobustnessTest {

    private static final Instant STAMP = Instant.parse("2024-02-29T12:00:00Z");

    @Inject
    S3Client s3;

    @Test
    void deadLettersWithOddHeadersAreArchivedUnderFallbacksAndTheArchiverGoesOn() throws Exception {
        String prefix = "odd-" + UUID.randomUUID();
        RecordMetadata odd = sendDeadLetter(
                "odd-1".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        DeadLetterHeaders.REJECTED_AT, "last tuesday".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.SOURCE_TOPIC, "../../etc/passwd".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.SOURCE_PARTITION, new byte[] {(byte) 0xff, (byte) 0xfe},
                        DeadLetterHeaders.REASON_CODE, "WEIRD/CODE".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.REASON, "caf\u00e9 \u2603 not ascii".getBytes(StandardCharsets.UTF_8)));
        RecordMetadata farFuture = sendDeadLetter(
                "odd-2".getBytes(StandardCharsets.UTF_8),
                Map.of(DeadLetterHeaders.REJECTED_AT, "+999999999-12-31T23:59:59Z".getBytes(StandardCharsets.UTF_8)));
        RecordMetadata bare = sendDeadLetter(null, Map.of());
        RecordMetadata normal = sendDeadLetter(
                "fine".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        DeadLetterHeaders.REJECTED_AT, "2024-03-01T08:00:00Z".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.SOURCE_TOPIC, Domain.ORDERS.rawTopic().getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.SOURCE_PARTITION, "4".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.SOURCE_OFFSET, "77".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.REASON_CODE, "NOT_AVRO".getBytes(StandardCharsets.UTF_8)));

        String oddKey = prefix + "/unknown/2024-02-29/WEIRD_CODE/.._.._etc_passwd-__-x.bin";
        String futureKey = prefix + "/unknown/2024-02-29/UNKNOWN/unknown-x-x.bin";
        String normalKey = prefix + "/orders/2024-03-01/NOT_AVRO/" + Domain.ORDERS.rawTopic() + "-4-77.bin";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger beats = new AtomicInteger();
        runFor(
                archiver(s3, LocalStackResource.S3_BUCKET, prefix, meters),
                beats,
                () -> get(oddKey).isPresent()
                        && get(futureKey).isPresent()
                        && get(normalKey).isPresent());

        assertThat(new String(get(oddKey).orElseThrow().asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("odd-1");
        Map<String, String> metadata = get(oddKey).orElseThrow().response().metadata();
        assertThat(metadata)
                .containsEntry("rejected-at", STAMP.toString())
                .containsEntry("reason-code", "WEIRD%2FCODE")
                .containsEntry("dlq-position", Domain.DEAD_LETTER_TOPIC + "-" + odd.partition() + "-" + odd.offset());
        assertThat(metadata.get("reason")).isEqualTo("caf%C3%A9+%E2%98%83+not+ascii");
        // the far-future and the bare dead letter land on the same fallback key; the later one (bare, empty body) wins
        assertThat(get(futureKey).orElseThrow().response().metadata()).containsEntry("rejected-at", STAMP.toString());
        assertThat(new String(get(normalKey).orElseThrow().asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("fine");
        assertThat(beats.get()).as("one life all along").isPositive();
        assertThat(farFuture.offset()).isNotNegative();
        assertThat(bare.offset()).isNotNegative();
        assertThat(normal.offset()).isNotNegative();
    }

    @Test
    void anObjectS3RefusesGoesUnderItsFallbackKeyOrIsSkippedNeverRetriedForever() throws Exception {
        String prefix = "refused-" + UUID.randomUUID();
        RecordMetadata once =
                sendDeadLetter("refused once".getBytes(StandardCharsets.UTF_8), source("refused-once", 1, 10));
        RecordMetadata always =
                sendDeadLetter("refused always".getBytes(StandardCharsets.UTF_8), source("refused-always", 2, 20));
        RecordMetadata after =
                sendDeadLetter("after".getBytes(StandardCharsets.UTF_8), source(Domain.ORDERS.rawTopic(), 3, 30));
        String alwaysFallback = QuarantineObject.position(new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                Domain.DEAD_LETTER_TOPIC, always.partition(), always.offset(), null, null));
        // S3 answers 400 for these keys: a wrong Content-MD5
        Predicate<String> refuse = key -> key.contains("refused-once")
                || key.contains("refused-always")
                || key.endsWith("/" + alwaysFallback + ".bin");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String afterKey = prefix + "/orders/" + STAMP.toString().substring(0, 10) + "/NOT_AVRO/"
                + Domain.ORDERS.rawTopic() + "-3-30.bin";
        String onceFallback = prefix + "/unarchivable/2024-02-29/" + Domain.DEAD_LETTER_TOPIC + "-" + once.partition()
                + "-" + once.offset() + ".bin";
        try (S3Client refusing = s3(LocalStackResource.S3_ENDPOINT, refuse, new AtomicBoolean())) {
            runFor(
                    archiver(refusing, LocalStackResource.S3_BUCKET, prefix, meters),
                    new AtomicInteger(),
                    () -> get(afterKey).isPresent());
        }
        assertThat(get(afterKey))
                .as("the records after the refused ones are archived")
                .isPresent();
        assertThat(get(onceFallback))
                .as("refused under its own key, archived under the fallback")
                .isPresent();
        assertThat(new String(get(onceFallback).orElseThrow().asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("refused once");
        assertThat(meters.counter("lakehouse.quarantine.objects", "outcome", "fallback")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("lakehouse.quarantine.objects", "outcome", "rejected")
                        .count())
                .isEqualTo(1);
        assertThat(meters.counter("lakehouse.quarantine.objects", "outcome", "failed")
                        .count())
                .as("no retries")
                .isZero();
        assertThat(after.offset()).isNotNegative();
    }

    @Test
    void aMissingBucketIsRetriedAndReportedUntilItExists() throws Exception {
        String bucket = "late-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "late";
        RecordMetadata at = sendDeadLetter(
                "waits for its bucket".getBytes(StandardCharsets.UTF_8), source(Domain.ORDERS.rawTopic(), 5, 50));
        String key = prefix + "/orders/2024-02-29/NOT_AVRO/" + Domain.ORDERS.rawTopic() + "-5-50.bin";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        QuarantineArchiver archiver = archiver(s3, bucket, prefix, meters);
        Thread thread = new Thread(archiver::run);
        thread.start();
        try {
            await(() -> meters.counter("lakehouse.quarantine.objects", "outcome", "failed")
                            .count()
                    >= 2);
            assertThat(archiver.bucketProblem())
                    .as("reported while the bucket is missing")
                    .isPresent();
            assertThat(archiver.bucketProblem().orElseThrow()).contains(bucket).contains("does not exist");
            assertThat(thread.isAlive()).isTrue();

            s3.createBucket(b -> b.bucket(bucket));
            await(() -> getFrom(bucket, key).isPresent());
            assertThat(getFrom(bucket, key))
                    .as("written once the bucket exists")
                    .isPresent();
            await(() -> archiver.bucketProblem().isEmpty());
            assertThat(archiver.bucketProblem()).isEmpty();
        } finally {
            archiver.stop();
            thread.join(10_000);
        }
        assertThat(at.offset()).isNotNegative();
    }

    @Test
    void aCommitFailedInARebalanceIsSurvivedAndTheBatchArchivedAgain() throws Exception {
        String prefix = "rebalance-" + UUID.randomUUID();
        String group = "quarantine-rebalance-" + UUID.randomUUID();
        sendDeadLetter("slow".getBytes(StandardCharsets.UTF_8), source("slow-one", 0, 1));
        // The first PUT takes longer than the member's max.poll.interval.ms: the group drops it, its commit fails.
        AtomicBoolean slowOnce = new AtomicBoolean(true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RecordMetadata later;
        Map<String, Object> config = consumerConfig(group);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 2500);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        try (S3Client slow = s3(LocalStackResource.S3_ENDPOINT, key -> false, slowOnce)) {
            QuarantineArchiver archiver = new QuarantineArchiver(
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    slow,
                    LocalStackResource.S3_BUCKET,
                    new TestQuarantineConfig(prefix, group, Duration.ofMillis(300)),
                    meters,
                    QuarantineRobustnessTest::payloadReader);
            AtomicInteger beats = new AtomicInteger();
            Thread thread = new Thread(() -> archiver.run(beats::incrementAndGet));
            thread.start();
            try {
                await(() -> !slowOnce.get()
                        && meters.counter("lakehouse.quarantine.objects", "outcome", "written")
                                        .count()
                                > 0);
                later = sendDeadLetter(
                        "after the rebalance".getBytes(StandardCharsets.UTF_8), source("after-rebalance", 0, 2));
                String laterKey = prefix + "/unknown/2024-02-29/NOT_AVRO/after-rebalance-0-2.bin";
                await(() -> get(laterKey).isPresent() && committedToEnd(group));
                assertThat(get(laterKey)).as("archived after the failed commit").isPresent();
                assertThat(committedToEnd(group))
                        .as("the group committed everything in the end")
                        .isTrue();
                assertThat(thread.isAlive())
                        .as("the failed commit did not end the archiver")
                        .isTrue();
            } finally {
                archiver.stop();
                thread.join(10_000);
            }
        }
        assertThat(later.offset()).isNotNegative();
    }

    @Test
    void aTooLargeRecordsPointerIsArchivedWithThePayloadFromItsRawTopic() throws Exception {
        String prefix = "too-large-" + UUID.randomUUID();
        byte[] payload = new byte[300_000];
        new Random(13).nextBytes(payload);
        RecordMetadata raw;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.rawProducer()) {
            raw = producer.send(new ProducerRecord<>(
                            Domain.ORDERS.rawTopic(), "big".getBytes(StandardCharsets.UTF_8), payload))
                    .get();
        }
        Map<String, byte[]> pointer = source(Domain.ORDERS.rawTopic(), raw.partition(), raw.offset());
        pointer.put(DeadLetterHeaders.REASON_CODE, "RECORD_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
        pointer.put(
                DeadLetterHeaders.PAYLOAD_LOCATION,
                ("kafka:" + Domain.ORDERS.rawTopic() + "/" + raw.partition() + "/" + raw.offset())
                        .getBytes(StandardCharsets.UTF_8));
        sendDeadLetter(null, pointer);
        // pointers to nothing: an offset past the end, a topic that does not exist, and no pointer syntax at all
        Map<String, byte[]> gone = source(Domain.ORDERS.rawTopic(), raw.partition(), raw.offset() + 1_000_000);
        gone.put(DeadLetterHeaders.REASON_CODE, "RECORD_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
        gone.put(
                DeadLetterHeaders.PAYLOAD_LOCATION,
                ("kafka:" + Domain.ORDERS.rawTopic() + "/" + raw.partition() + "/" + (raw.offset() + 1_000_000))
                        .getBytes(StandardCharsets.UTF_8));
        sendDeadLetter(null, gone);
        Map<String, byte[]> noTopic = source("no-such-topic", 0, 5);
        noTopic.put(DeadLetterHeaders.REASON_CODE, "RECORD_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
        noTopic.put(DeadLetterHeaders.PAYLOAD_LOCATION, "kafka:no-such-topic/0/5".getBytes(StandardCharsets.UTF_8));
        sendDeadLetter(null, noTopic);
        Map<String, byte[]> garbled = source("garbled", 0, 6);
        garbled.put(DeadLetterHeaders.REASON_CODE, "RECORD_TOO_LARGE".getBytes(StandardCharsets.UTF_8));
        garbled.put(DeadLetterHeaders.PAYLOAD_LOCATION, "kafka:../0/x".getBytes(StandardCharsets.UTF_8));
        sendDeadLetter(null, garbled);

        String day = "2024-02-29";
        String key = prefix + "/orders/" + day + "/RECORD_TOO_LARGE/" + Domain.ORDERS.rawTopic() + "-" + raw.partition()
                + "-" + raw.offset() + ".bin";
        String goneKey = prefix + "/orders/" + day + "/RECORD_TOO_LARGE/" + Domain.ORDERS.rawTopic() + "-"
                + raw.partition() + "-" + (raw.offset() + 1_000_000) + ".bin";
        String noTopicKey = prefix + "/unknown/" + day + "/RECORD_TOO_LARGE/no-such-topic-0-5.bin";
        String garbledKey = prefix + "/unknown/" + day + "/RECORD_TOO_LARGE/garbled-0-6.bin";
        runFor(
                archiver(s3, LocalStackResource.S3_BUCKET, prefix, new SimpleMeterRegistry()),
                new AtomicInteger(),
                () -> get(garbledKey).isPresent());

        ResponseBytes<GetObjectResponse> object = get(key).orElseThrow();
        assertThat(object.asByteArray())
                .as("the original bytes from the raw topic")
                .isEqualTo(payload);
        assertThat(object.response().metadata())
                .containsEntry("reason-code", "RECORD_TOO_LARGE")
                .containsKey("payload-location");
        assertThat(get(goneKey).orElseThrow().asByteArray())
                .as("nothing at that offset: archived without payload")
                .isEmpty();
        assertThat(get(noTopicKey).orElseThrow().asByteArray()).isEmpty();
        assertThat(get(garbledKey).orElseThrow().asByteArray()).isEmpty();
    }

    // --- helpers

    private static Map<String, byte[]> source(String topic, int partition, long offset) {
        Map<String, byte[]> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.SOURCE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.put(
                DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.put(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        headers.put(DeadLetterHeaders.REASON_CODE, "NOT_AVRO".getBytes(StandardCharsets.UTF_8));
        headers.put(DeadLetterHeaders.REJECTED_AT, STAMP.toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Onto partition 0, so the test's dead letters are archived in the order sent. */
    private static RecordMetadata sendDeadLetter(byte[] value, Map<String, byte[]> headers) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.rawProducer()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    Domain.DEAD_LETTER_TOPIC,
                    0,
                    STAMP.toEpochMilli(),
                    ("k-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                    value);
            headers.forEach((name, bytes) -> record.headers().add(new RecordHeader(name, bytes)));
            return producer.send(record).get();
        }
    }

    private static QuarantineArchiver archiver(
            S3Client client, String bucket, String prefix, SimpleMeterRegistry meters) {
        String group = "quarantine-test-" + UUID.randomUUID();
        return new QuarantineArchiver(
                new KafkaConsumer<>(consumerConfig(group), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                client,
                bucket,
                new TestQuarantineConfig(prefix, group, Duration.ofMillis(300)),
                meters,
                QuarantineRobustnessTest::payloadReader);
    }

    private static Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackResource.BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"));
        return config;
    }

    private static KafkaConsumer<byte[], byte[]> payloadReader() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalStackResource.BOOTSTRAP,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static boolean committedToEnd(String group) {
        try (KafkaConsumer<byte[], byte[]> probe =
                new KafkaConsumer<>(consumerConfig(group), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> partitions = new java.util.HashSet<>();
            probe.partitionsFor(Domain.DEAD_LETTER_TOPIC)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            Map<TopicPartition, OffsetAndMetadata> committed = probe.committed(partitions);
            Map<TopicPartition, Long> end = probe.endOffsets(partitions);
            return partitions.stream()
                    .allMatch(p -> end.get(p) == 0
                            || (committed.get(p) != null && committed.get(p).offset() >= end.get(p)));
        }
    }

    /** An S3 client that makes the server refuse some keys (a wrong Content-MD5: 400) and may take its time once. */
    private static S3Client s3(String endpoint, Predicate<String> refuse, AtomicBoolean slowOnce) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put) {
                    if (slowOnce.getAndSet(false)) {
                        try {
                            Thread.sleep(6_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (refuse.test(put.key())) {
                        return context.httpRequest().toBuilder()
                                .putHeader("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")
                                .build();
                    }
                }
                return context.httpRequest();
            }
        };
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor))
                .build();
    }

    private static void runFor(QuarantineArchiver archiver, AtomicInteger beats, BooleanSupplier until)
            throws InterruptedException {
        Thread thread = new Thread(() -> archiver.run(beats::incrementAndGet));
        thread.start();
        try {
            await(until);
        } finally {
            archiver.stop();
            thread.join(10_000);
        }
    }

    private Optional<ResponseBytes<GetObjectResponse>> get(String objectKey) {
        return getFrom(LocalStackResource.S3_BUCKET, objectKey);
    }

    private Optional<ResponseBytes<GetObjectResponse>> getFrom(String bucket, String objectKey) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
