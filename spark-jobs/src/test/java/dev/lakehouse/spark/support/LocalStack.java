package dev.lakehouse.spark.support;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real Kafka broker, Apicurio registry, S3 server (S3Mock, bucket {@code lakehouse}) and PostgreSQL
 * (database {@code lake}, user/password {@code lakehouse}) with local-stack/stack.sh once per test JVM, on ports
 * of their own so the platform's tests can run beside them, and stops them when the test run ends.
 */
public final class LocalStack implements BeforeAllCallback {
    /** Shifts every test port, so two checkouts can run their tests at once: LAKEHOUSE_TEST_PORT_OFFSET=100. */
    static final int PORT_OFFSET = Integer.parseInt(System.getenv().getOrDefault("LAKEHOUSE_TEST_PORT_OFFSET", "0"));

    public static final int KAFKA_PORT = 49092 + PORT_OFFSET;
    public static final int REGISTRY_PORT = 48081 + PORT_OFFSET;
    public static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    public static final String CCOMPAT = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
    /** S3Mock takes this port and the next. */
    public static final int S3_PORT = 49094 + PORT_OFFSET;

    public static final String S3_ENDPOINT = "http://127.0.0.1:" + S3_PORT;
    public static final String S3_BUCKET = "lakehouse";
    public static final int POSTGRES_PORT = 49432 + PORT_OFFSET;
    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/lake";
    public static final String POSTGRES_USER = "lakehouse";
    public static final String POSTGRES_PASSWORD = "lakehouse";
    private static final Path DIR = Path.of("target/test-stack").toAbsolutePath();
    private static final Path SCRIPT =
            Path.of("../local-stack/stack.sh").toAbsolutePath().normalize();

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalStack.class, k -> start(), Running.class);
    }

    private static Running start() {
        run(
                "up",
                "--dir",
                DIR.toString(),
                "--kafka-port",
                String.valueOf(KAFKA_PORT),
                "--controller-port",
                String.valueOf(49093 + PORT_OFFSET),
                "--registry-port",
                String.valueOf(REGISTRY_PORT),
                "--registry-management-port",
                String.valueOf(49001 + PORT_OFFSET),
                "--with-s3",
                "--s3-port",
                String.valueOf(S3_PORT),
                "--with-postgres",
                "--postgres-port",
                String.valueOf(POSTGRES_PORT),
                "--timeout",
                "240");
        return new Running();
    }

    private static void run(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
            cmd.addAll(List.of(args));
            File log = DIR.resolveSibling("test-stack-" + args[0] + ".log").toFile();
            DIR.toFile().mkdirs();
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            if (!p.waitFor(420, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                throw new IllegalStateException("local-stack/stack.sh " + args[0] + " failed; see " + log);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final class Running implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            run("down", "--dir", DIR.toString());
        }
    }
}
