package dev.lakehouse.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.generator.run.GeneratorService;
import dev.lakehouse.generator.run.RunStatus;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.DeadLetterHeaders;
import dev.lakehouse.validation.ValidatorRole;
import dev.lakehouse.validation.quarantine.QuarantineRole;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Each of the app's long-running loops, on the real stack, dies of an error injected into one of its iterations
 * (through its heartbeat, the one seam every loop has) and comes back: restarted with fresh clients, counted in
 * lakehouse.loop.restarts, and processing records again.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class LoopSupervisionTest {

    /** Liveness is served on the management interface, not the public port. */
    @TestHTTPResource(value = "/health/live", management = true) // under the management root, /q
    URL liveness;

    @Inject
    Supervisor supervisor;

    @Inject
    MeterRegistry meters;

    @Inject
    ValidatorRole validator;

    @Inject
    GeneratorService generator;

    @Inject
    S3Client s3;

    @Test
    void validatorAndArchiverRestartAfterAnUnexpectedErrorAndGoOnWithRecords() throws Exception {
        SupervisedLoop validatorLoop = running(ValidatorRole.LOOP);
        SupervisedLoop archiverLoop = running(QuarantineRole.LOOP);
        await(validator::ready);
        int validatorRestarts = validatorLoop.restarts();
        int archiverRestarts = archiverLoop.restarts();
        double countedBefore = restartsCounted(ValidatorRole.LOOP);

        // An unchecked exception in the validator, an Error in the archiver: both are a life's end, not the loop's.
        validatorLoop.failNextBeat(new IllegalStateException("injected into the validator"));
        archiverLoop.failNextBeat(new AssertionError("injected into the archiver"));
        await(() -> validatorLoop.restarts() > validatorRestarts && archiverLoop.restarts() > archiverRestarts);
        assertThat(validatorLoop.restarts()).isEqualTo(validatorRestarts + 1);
        assertThat(archiverLoop.restarts()).isEqualTo(archiverRestarts + 1);
        assertThat(restartsCounted(ValidatorRole.LOOP)).isEqualTo(countedBefore + 1);
        assertThat(validatorLoop.health().lastError()).contains("injected into the validator");

        // After the restart a record still goes all the way: the validator dead-letters it, the archiver stores it.
        String key = "after-restart-" + UUID.randomUUID();
        RecordMetadata at;
        try (KafkaProducer<byte[], byte[]> raw = KafkaTestClients.rawProducer()) {
            at = raw.send(new ProducerRecord<>(
                            Domain.ORDERS.rawTopic(),
                            key.getBytes(StandardCharsets.UTF_8),
                            "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.readRawUntil(
                Domain.DEAD_LETTER_TOPIC,
                seen -> seen.stream().anyMatch(r -> key.equals(r.key())),
                Duration.ofMinutes(2));
        ConsumerRecord<String, byte[]> letter =
                dead.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(
                        letter.headers()
                                .lastHeader(DeadLetterHeaders.REASON_CODE)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("NOT_AVRO");
        String objectKey = "quarantine/orders/" + LocalDate.now(ZoneOffset.UTC) + "/NOT_AVRO/"
                + Domain.ORDERS.rawTopic() + "-" + at.partition() + "-" + at.offset() + ".bin";
        await(() -> exists(objectKey));
        assertThat(exists(objectKey))
                .as("archived after the archiver's restart")
                .isTrue();
        assertThat(validatorLoop.state()).isEqualTo(SupervisedLoop.State.RUNNING);

        // The liveness endpoint names both loops with their restarts.
        RestAssured.get(liveness).then().statusCode(200);
        String live = RestAssured.get(liveness).asString();
        assertThat(live)
                .containsPattern("\"validator.restarts\": *" + validatorLoop.restarts())
                .containsPattern("\"quarantine.restarts\": *" + archiverLoop.restarts())
                .contains("validator.lastBeat");
    }

    @Test
    void aGeneratorRunThatDiesStartsAgainAndGoesOnSending() throws Exception {
        generator.startRealTime(200, 7L, null);
        try {
            SupervisedLoop loop = running(GeneratorService.LOOP);
            await(() -> generator.status().records() > 0);
            double countedBefore = restartsCounted(GeneratorService.LOOP);
            int restartsBefore = loop.restarts();

            loop.failNextBeat(new IllegalStateException("injected into the generator"));
            await(() -> loop.restarts() > restartsBefore);
            assertThat(restartsCounted(GeneratorService.LOOP)).isEqualTo(countedBefore + 1);
            assertThat(generator.isRunning()).isTrue();
            // A new life of the run: it sends again.
            await(() -> "RUNNING".equals(generator.status().state())
                    && generator.status().records() > 0);
            long sent = generator.status().records();
            await(() -> generator.status().records() > sent);
            assertThat(generator.status().records()).isGreaterThan(sent);
            assertThat(loop.health().up()).isTrue();
        } finally {
            RunStatus last = generator.stop();
            assertThat(last).isNotNull();
        }
        assertThat(generator.isRunning()).isFalse();
        assertThat(supervisor.loop(GeneratorService.LOOP).orElseThrow().state())
                .isEqualTo(SupervisedLoop.State.STOPPED);
    }

    private SupervisedLoop running(String name) throws InterruptedException {
        await(() -> supervisor
                .loop(name)
                .map(l -> l.state() == SupervisedLoop.State.RUNNING)
                .orElse(false));
        return supervisor.loop(name).orElseThrow();
    }

    private double restartsCounted(String loop) {
        return meters.counter(Supervisor.RESTARTS_METER, "loop", loop).count();
    }

    private boolean exists(String objectKey) {
        try {
            s3.headObject(b -> b.bucket(LocalStackResource.S3_BUCKET).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
