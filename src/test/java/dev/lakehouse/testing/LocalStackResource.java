package dev.lakehouse.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real local stack (Kafka, Apicurio Registry, an S3-protocol server; local-stack/stack.sh) for the tests,
 * on ports of its own so a developer's running stack is never touched.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    /** Shifts every test port, so two checkouts can run their tests at once: LAKEHOUSE_TEST_PORT_OFFSET=100. */
    public static final int PORT_OFFSET =
            Integer.parseInt(System.getenv().getOrDefault("LAKEHOUSE_TEST_PORT_OFFSET", "0"));

    public static final int KAFKA_PORT = 39092 + PORT_OFFSET;
    public static final int REGISTRY_PORT = 38081 + PORT_OFFSET;
    public static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    public static final String REGISTRY_V3 = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/registry/v3";
    public static final String REGISTRY_CCOMPAT = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
    public static final String S3_ENDPOINT = "http://127.0.0.1:" + (39090 + PORT_OFFSET);
    public static final String S3_BUCKET = "lakehouse";

    public static final Path PROJECT = Path.of(System.getProperty("project.dir", System.getProperty("user.dir")));
    private static final Path STACK_DIR = PROJECT.resolve("target/test-stack");

    @Override
    public Map<String, String> start() {
        // Fresh each run: consumer groups left behind by an earlier run would make the validator
        // wait out their session timeout before it gets partitions.
        stack(
                STACK_DIR,
                "up",
                "--fresh",
                "--kafka-port",
                Integer.toString(KAFKA_PORT),
                "--controller-port",
                port(39093),
                "--registry-port",
                Integer.toString(REGISTRY_PORT),
                "--registry-management-port",
                port(39001),
                "--with-s3",
                "--s3-port",
                port(39090));
        return Map.of(
                "quarkus.s3.endpoint-override", S3_ENDPOINT,
                "kafka.bootstrap.servers", BOOTSTRAP,
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", REGISTRY_V3);
    }

    @Override
    public void stop() {
        stack(STACK_DIR, "down");
    }

    /** A test port shifted by {@link #PORT_OFFSET}. */
    public static String port(int base) {
        return Integer.toString(base + PORT_OFFSET);
    }

    /** Runs local-stack/stack.sh on a stack directory of the caller's choosing (tests that need a stack of their own). */
    public static void stack(Path dir, String command, String... options) {
        try {
            Files.createDirectories(dir);
            List<String> args = new java.util.ArrayList<>(
                    List.of(PROJECT.resolve("local-stack/stack.sh").toString(), command, "--dir", dir.toString()));
            args.addAll(List.of(options));
            Process process = new ProcessBuilder(args).inheritIO().start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "local-stack/stack.sh " + command + " failed; see " + dir.resolve("logs"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run local-stack/stack.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
