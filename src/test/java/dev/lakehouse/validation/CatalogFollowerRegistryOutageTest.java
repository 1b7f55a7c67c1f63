package dev.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.schemas.SchemaRegistrar;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog follower against a real Kafka and a real registry that is stopped in the middle
 * of a catch-up and started again: no catalog record is lost, and a poison record on the
 * kept-forever catalog topic does not end the catch-up.
 *
 * <p>The registry is stopped after the decoder has cached the first schema id and before it has
 * seen the second, so the outage strikes mid catch-up at the first record of the second id.
 * The registry keeps schemas in memory: after its restart they are registered again in the same
 * order, which gives them the same ids (asserted).
 */
class CatalogFollowerRegistryOutageTest {

    private static final Path DIR = LocalStackResource.PROJECT.resolve("target/test-stack-registry-outage");
    // Ports of their own (+50 within this checkout's offset), so the shared test stack may run too.
    private static final int KAFKA_PORT = 39092 + 50 + LocalStackResource.PORT_OFFSET;
    private static final int REGISTRY_PORT = 38081 + 50 + LocalStackResource.PORT_OFFSET;
    private static final int MANAGEMENT_PORT = 39001 + 50 + LocalStackResource.PORT_OFFSET;
    private static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    private static final String REGISTRY = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";

    @BeforeAll
    static void up() {
        LocalStackResource.stack(
                DIR,
                "up",
                "--fresh",
                "--kafka-port",
                Integer.toString(KAFKA_PORT),
                "--controller-port",
                Integer.toString(KAFKA_PORT + 1),
                "--registry-port",
                Integer.toString(REGISTRY_PORT),
                "--registry-management-port",
                Integer.toString(MANAGEMENT_PORT));
    }

    @AfterAll
    static void down() {
        LocalStackResource.stack(DIR, "down");
    }

    @Test
    void everyCatalogRecordIsAppliedAcrossARegistryOutage() throws Exception {
        String topic = Domain.CATALOG.rawTopic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        Schema v1 = EventSchemas.of(Domain.CATALOG);
        Schema v2 = withExtraOptionalField(v1);
        int[] ids = registerInOrder(v2);

        List<String> products = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 12; i++) {
                String product = "p-" + (i < 6 ? "a" : "b") + i + "-" + java.util.UUID.randomUUID();
                products.add(product);
                CatalogEvent created = SampleEvents.productCreated(
                        product, "9.99", Instant.now().minusSeconds(60));
                byte[] body = encode(created);
                // v2 adds an optional field at the end: union index 0 (null) is one more byte.
                byte[] value = i < 6 ? frame(ids[0], body) : frame(ids[1], concat(body, new byte[] {0}));
                producer.send(new ProducerRecord<>(topic, bytes(product), value))
                        .get();
                if (i == 3) {
                    // A poison record on the kept-forever topic: 7 bytes declaring a 2 GB string.
                    producer.send(new ProducerRecord<>(topic, bytes("poison"), frame(ids[0], new byte[] {
                                (byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a', 'b'
                            })))
                            .get();
                }
            }
        }

        EventDecoder decoder = new EventDecoder(new SchemaRegistryLookup(REGISTRY));
        CatalogState state = new CatalogState();
        decoder.decode(
                Domain.CATALOG,
                frame(ids[0], encode(SampleEvents.productCreated("p-warm-up-00000000", "1.00", Instant.now()))));
        try (CatalogFollower follower = new CatalogFollower(
                consumer(), decoder, RuleSet.withoutCatalog(Clock.systemUTC(), Duration.ofMinutes(5)), state)) {
            List<String> registryCommand = stopRegistry();
            assertThatThrownBy(follower::catchUp)
                    .as("the registry is down when the second id is met")
                    .isInstanceOf(IOException.class);
            assertThat(products.subList(6, 12).stream().filter(state::knows))
                    .as("no product of the second id yet")
                    .isEmpty();

            startRegistry(registryCommand);
            assertThat(registerInOrder(v2)).as("same order, same ids").containsExactly(ids);
            follower.catchUp();
        }
        assertThat(products.stream().filter(p -> !state.knows(p)).toList())
                .as("products lost across the outage")
                .isEmpty();
        assertThat(state.size()).isEqualTo(12);
    }

    private static int[] registerInOrder(Schema v2) throws Exception {
        SchemaRegistryLookup registry = new SchemaRegistryLookup(REGISTRY);
        List<SchemaRegistrar.Outcome> outcomes = new SchemaRegistrar(registry, "BACKWARD").registerAll();
        int catalogId = outcomes.stream()
                .filter(o -> o.subject().equals(Domain.valueSubject(Domain.CATALOG.rawTopic())))
                .findFirst()
                .orElseThrow()
                .id();
        int v2Id = registry.register("catalog-outage-test-v2-value", v2.toString());
        return new int[] {catalogId, v2Id};
    }

    private static Schema withExtraOptionalField(Schema v1) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "note",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                null,
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    /** Kills the registry (its pid from the stack dir) and returns its command line, to start it again. */
    private static List<String> stopRegistry() throws Exception {
        long pid = Long.parseLong(Files.readString(DIR.resolve("registry.pid")).trim());
        byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        List<String> command = new ArrayList<>(Arrays.asList(new String(cmdline, StandardCharsets.UTF_8).split("\0")));
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroy();
        handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        return command;
    }

    private static void startRegistry(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        DIR.resolve("logs/registry.log").toFile()))
                .start();
        // So that `stack.sh down` stops the restarted registry too.
        Files.writeString(DIR.resolve("registry.pid"), Long.toString(process.pid()));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + "/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the registry did not come back; see " + DIR.resolve("logs/registry.log"));
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        BOOTSTRAP,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // Small polls, so the registry outage falls inside a poll with records after it.
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        500),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static byte[] encode(CatalogEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<CatalogEvent>(event.getSchema(), SpecificData.getForSchema(event.getSchema()))
                .write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(int id, byte[] body) {
        return concat(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array(), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
