package dev.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.testing.LocalStackResource;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged validator with SIGKILL in the middle of a stream, starts it again, and
 * checks the validated topic holds every input exactly once. Cross-batch duplicate filtering is
 * switched off, so only the Kafka transactions can keep the promise.
 */
class ValidatorCrashIT {

    private static final Path STACK = LocalStackResource.PROJECT.resolve("target/crash-stack");
    private static final String BOOTSTRAP = "127.0.0.1:" + LocalStackResource.port(39192);
    private static final String REGISTRY = "http://127.0.0.1:" + LocalStackResource.port(38181) + "/apis/registry/v3";
    private static final int EVENTS = 60_000;

    @BeforeAll
    static void startStack() {
        LocalStackResource.stack(
                STACK,
                "up",
                "--fresh",
                "--kafka-port",
                LocalStackResource.port(39192),
                "--controller-port",
                LocalStackResource.port(39193),
                "--registry-port",
                LocalStackResource.port(38181),
                "--registry-management-port",
                LocalStackResource.port(39101));
    }

    @AfterAll
    static void stopStack() {
        LocalStackResource.stack(STACK, "down");
    }

    @Test
    void aKilledValidatorRestartsWithoutLosingOrDuplicatingARecord() throws Exception {
        Process first = startValidator(1);
        await("topics created", Duration.ofSeconds(60), () -> topicExists(Domain.ORDERS.validTopic()));
        Set<String> sent = produceOrders();

        await(
                "the validator under way",
                Duration.ofSeconds(90),
                () -> committedOrders().size() >= 2_000);
        first.destroyForcibly().waitFor();
        int atKill = committedOrders().size();
        assertThat(atKill).as("killed mid-stream, not after the end").isLessThan(EVENTS);

        Process second = startValidator(2);
        try {
            await(
                    "every order validated",
                    Duration.ofSeconds(180),
                    () -> committedOrders().size() >= EVENTS);
            Thread.sleep(2_000); // anything extra (a duplicate) would have arrived by now
            List<String> validated = committedOrders();
            System.out.printf(
                    "crash test: %d validated at the kill, %d after the restart, %d read uncommitted%n",
                    atKill, validated.size(), uncommittedCount());
            assertThat(validated).as("each order exactly once").doesNotHaveDuplicates();
            assertThat(new HashSet<>(validated)).as("no order lost").containsAll(sent);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private static Process startValidator(int run) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                "java",
                "-jar",
                LocalStackResource.PROJECT
                        .resolve("target/quarkus-app/quarkus-run.jar")
                        .toString());
        Map<String, String> env = builder.environment();
        env.put("LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP);
        env.put("LAKEHOUSE_REGISTRY_URL", REGISTRY);
        env.put("LAKEHOUSE_ROLES", "validator");
        env.put("LAKEHOUSE_TOPICS_APPLY_ON_START", "true");
        env.put("LAKEHOUSE_REGISTRY_REGISTER_ON_START", "true");
        env.put("LAKEHOUSE_VALIDATOR_DEDUPE_MAX_ENTRIES", "0");
        env.put("LAKEHOUSE_VALIDATOR_TRANSACTIONAL_ID", "crash-test-validator");
        // The killed member leaves the group only when its session times out: keep that short.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        builder.redirectErrorStream(true)
                .redirectOutput(LocalStackResource.PROJECT
                        .resolve("target/crash-validator-" + run + ".log")
                        .toFile());
        return builder.start();
    }

    private static Set<String> produceOrders() throws Exception {
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        OrderEvent template =
                (OrderEvent) SampleEvents.first(samples, Domain.ORDERS).event();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                "apicurio.registry.url",
                REGISTRY,
                "apicurio.registry.auto-register",
                false,
                "apicurio.registry.dereference-schema",
                true);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        Set<String> ids = new HashSet<>();
        await("schemas registered", Duration.ofSeconds(60), () -> {
            try (KafkaProducer<String, SpecificRecord> probe =
                    new KafkaProducer<>(config, new StringSerializer(), serializer)) {
                probe.send(new ProducerRecord<>(
                                Domain.CATALOG.rawTopic(),
                                samples.get(0).key(),
                                samples.get(0).event()))
                        .get();
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(
                            Domain.CATALOG.rawTopic(),
                            samples.get(1).key(),
                            samples.get(1).event()))
                    .get();
            for (int i = 0; i < EVENTS; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                OrderEvent order = OrderEvent.newBuilder(template)
                        .setEventId(id)
                        .setOrderId("o-" + i)
                        .build();
                producer.send(new ProducerRecord<>(Domain.ORDERS.rawTopic(), order.getCustomerId(), order));
            }
            producer.flush();
        }
        return ids;
    }

    /** Event ids on the validated orders topic, committed records only, in topic order. */
    private static List<String> committedOrders() {
        return readOrders("read_committed").stream().filter(id -> id != null).toList();
    }

    private static int uncommittedCount() {
        return readOrders("read_uncommitted").size();
    }

    private static List<String> readOrders(String isolation) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP,
                ConsumerConfig.GROUP_ID_CONFIG,
                "crash-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000));
        List<String> ids = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Domain.ORDERS.validTopic()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    var header = r.headers().lastHeader(RecordRouter.EVENT_ID_HEADER);
                    ids.add(header == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                });
            }
        }
        return ids;
    }

    private static boolean topicExists(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            return admin.listTopics().names().get().contains(topic);
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out waiting for: " + what + " (validator logs: target/crash-validator-*.log)");
            }
            Thread.sleep(250);
        }
    }
}
