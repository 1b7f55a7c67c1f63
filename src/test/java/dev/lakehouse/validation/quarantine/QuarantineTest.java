package dev.lakehouse.validation.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Every rejected record is also an object in S3, and an S3 outage loses none of them. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class QuarantineTest {

    @Inject
    S3Client s3;

    @Inject
    QuarantineConfig config;

    @Test
    void eachDeadLetterIsArchivedWithItsBytesAndMetadata() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        byte[] value =
                ByteBuffer.allocate(9).put((byte) 0).putInt(777_777).putInt(1).array();
        RecordMetadata at = send(key, value);

        String objectKey = "quarantine/orders/" + LocalDate.now(ZoneOffset.UTC) + "/UNKNOWN_SCHEMA_ID/"
                + Domain.ORDERS.rawTopic() + "-" + at.partition() + "-" + at.offset() + ".bin";
        await(() -> get(objectKey).isPresent());
        ResponseBytes<GetObjectResponse> object = get(objectKey).orElseThrow();
        assertThat(object.asByteArray()).as("the original bytes").isEqualTo(value);
        Map<String, String> metadata = object.response().metadata();
        assertThat(metadata)
                .containsEntry("reason-code", "UNKNOWN_SCHEMA_ID")
                .containsEntry("source-topic", Domain.ORDERS.rawTopic())
                .containsEntry("source-partition", Integer.toString(at.partition()))
                .containsEntry("source-offset", Long.toString(at.offset()))
                .containsEntry(
                        "kafka-key-base64", Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(URLDecoder.decode(metadata.get("reason"), StandardCharsets.UTF_8))
                .contains("777777");
    }

    @Test
    void whileS3IsDownNothingIsCommittedAndEverythingIsWrittenOnceItIsBack() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        RecordMetadata at = send(key, "not avro at all".getBytes(StandardCharsets.UTF_8));
        String objectKey = "outage-" + UUID.randomUUID();
        String group = "quarantine-test-" + UUID.randomUUID();
        QuarantineConfig outageConfig = new TestQuarantineConfig(objectKey, group, Duration.ofMillis(200));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (S3Client down = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            runFor(
                    new QuarantineArchiver(
                            consumer(group),
                            down,
                            LocalStackResource.S3_BUCKET,
                            outageConfig,
                            meters,
                            () -> payloadReader()),
                    () -> meters.counter("lakehouse.quarantine.objects", "outcome", "failed")
                                    .count()
                            >= 1);
        }
        assertThat(meters.counter("lakehouse.quarantine.objects", "outcome", "written")
                        .count())
                .isZero();

        String expected = objectKey + "/orders/" + LocalDate.now(ZoneOffset.UTC) + "/NOT_AVRO/"
                + Domain.ORDERS.rawTopic() + "-" + at.partition() + "-" + at.offset() + ".bin";
        runFor(
                new QuarantineArchiver(
                        consumer(group), s3, LocalStackResource.S3_BUCKET, outageConfig, meters, () -> payloadReader()),
                () -> get(expected).isPresent());
        assertThat(get(expected)).as("written after S3 came back").isPresent();
    }

    private static void runFor(QuarantineArchiver archiver, BooleanSupplier until) throws InterruptedException {
        Thread thread = new Thread(archiver);
        thread.start();
        try {
            await(until);
        } finally {
            archiver.stop();
            thread.join(10_000);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        LocalStackResource.BOOTSTRAP,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The plain consumer a RECORD_TOO_LARGE dead letter's payload is fetched with. */
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

    private static RecordMetadata send(String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            return raw.send(new ProducerRecord<>(Domain.ORDERS.rawTopic(), key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    private Optional<ResponseBytes<GetObjectResponse>> get(String objectKey) {
        try {
            return Optional.of(s3.getObjectAsBytes(
                    b -> b.bucket(LocalStackResource.S3_BUCKET).key(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        // In the whole suite the archiver first works through the dead letters of the tests before (the generator's
        // poison records among them), one S3 PUT each.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
