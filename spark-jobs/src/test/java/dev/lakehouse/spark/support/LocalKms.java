package dev.lakehouse.spark.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A real AWS KMS API server for the tests: local-kms (the Go module github.com/nsmithuk/local-kms, installed by
 * .ci/run with {@code go install}), started by the test itself on a free port with its own data folder, and
 * stopped on close. The binary is found at {@code $LAKEHOUSE_LOCAL_KMS}, on the PATH or in {@code $HOME/go/bin}.
 * (The app's copy: src/test/java/dev/lakehouse/testing/LocalKms.java.)
 */
public final class LocalKms implements AutoCloseable {

    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "111122223333";
    private static final Pattern STARTED = Pattern.compile("Local KMS started on [^:\\s]*:(\\d+)");

    private final Process process;
    private final int port;

    private LocalKms(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The local-kms binary, when one is installed. */
    public static Optional<Path> binary() {
        String configured = System.getenv("LAKEHOUSE_LOCAL_KMS");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "local-kms"));
        Stream<Path> goBin = Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "local-kms"));
        return Stream.concat(onPath, goBin).filter(Files::isExecutable).findFirst();
    }

    /** Why a test that needs local-kms is skipped when {@link #binary()} finds none. */
    public static String missing() {
        return "local-kms is not installed, so the AWS KMS tests are skipped: .ci/run installs it (go install "
                + "github.com/nsmithuk/local-kms@<version in .ci/run>); or set LAKEHOUSE_LOCAL_KMS to its path";
    }

    /** Starts local-kms with its database in {@code dir} and waits until it listens (about a second). */
    public static LocalKms start(Path binary, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("local-kms.log");
        ProcessBuilder pb =
                new ProcessBuilder(binary.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        // PORT 0: the kernel picks a free port, which local-kms logs. It listens on all interfaces (no setting
        // narrows it); the test talks to it on 127.0.0.1 only. No seed file: the test creates its key by API.
        pb.environment().put("PORT", "0");
        pb.environment().put("KMS_REGION", REGION);
        pb.environment().put("KMS_ACCOUNT_ID", ACCOUNT);
        pb.environment().put("KMS_DATA_PATH", dir.resolve("data").toString());
        pb.environment().put("KMS_SEED_PATH", dir.resolve("no-seed.yaml").toString());
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return new LocalKms(process, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("local-kms did not start; see " + log);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of this server (any credentials are accepted). */
    public KmsClient client() {
        return KmsClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** A new symmetric key; its ARN, as Terraform's output names it. */
    public String createKey(String description) {
        try (KmsClient kms = client()) {
            return kms.createKey(r -> r.description(description)).keyMetadata().arn();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
