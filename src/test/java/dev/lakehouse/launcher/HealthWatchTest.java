package dev.lakehouse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's health watch ({@code ./lakehouse watch}, the same code {@code ./lakehouse run} runs in its final
 * loop) against a fake app health endpoint and a hand-written Spark health file: a part that turns unhealthy is
 * reported with the failing check and its log, its recovery too, and nothing is stopped.
 */
class HealthWatchTest {

    private static final Path PROJECT = Path.of(System.getProperty("project.dir", System.getProperty("user.dir")));
    private static final String UP = "{\"status\":\"UP\",\"checks\":[]}";

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicReference<String> live = new AtomicReference<>(UP);
    private final AtomicReference<String> ready = new AtomicReference<>(UP);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Process watch;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/live", exchange -> answer(exchange, live.get()));
        server.createContext("/q/health/ready", exchange -> answer(exchange, ready.get()));
        server.start();
        Files.createDirectories(dir.resolve("lake"));
        writeSparkHealth("RUNNING");
        int offset = server.getAddress().getPort() - 9000; // the management port (health) is 9000 + offset
        ProcessBuilder builder = new ProcessBuilder(
                        PROJECT.resolve("lakehouse").toString(),
                        "watch",
                        "--dir",
                        dir.toString(),
                        "--port-offset",
                        Integer.toString(offset))
                .redirectErrorStream(true);
        builder.environment().put("LAKEHOUSE_WATCH_INTERVAL", "0.3");
        watch = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        watch.descendants().forEach(ProcessHandle::destroy);
        watch.destroy();
        watch.waitFor();
        server.stop(0);
    }

    @Test
    void reportsAnUnhealthyPartWithItsLogAndItsRecovery() throws Exception {
        Thread.sleep(1500);
        assertThat(lines).as("all healthy: nothing to say").noneMatch(l -> l.contains("unhealthy"));

        live.set("""
                {
                    "status": "DOWN",
                    "checks": [
                        {
                            "name": "supervised-loops",
                            "status": "DOWN",
                            "data": {
                                "validator.state": "RUNNING",
                                "validator.problem": "stuck: no beat for 130 s (bound PT2M)"
                            }
                        }
                    ]
                }""");
        String down = awaitLine("platform app unhealthy");
        assertThat(down)
                .contains("liveness check supervised-loops DOWN")
                .contains("(validator.problem=stuck: no beat for 130 s (bound PT2M))")
                .endsWith("its log: " + dir.toRealPath().resolve("logs/platform.log"));
        Thread.sleep(1000);
        assertThat(lines.stream()
                        .filter(l -> l.contains("platform app unhealthy"))
                        .count())
                .as("said once")
                .isEqualTo(1);

        live.set(UP);
        assertThat(awaitLine("platform app healthy again"))
                .contains("(/q/health/live)")
                .contains("platform.log");
        assertThat(watch.isAlive()).isTrue();

        ready.set(
                "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"quarantine\",\"status\":\"DOWN\",\"data\":{\"s3Error\":\"s3://lakehouse: Access Denied\"}}]}");
        assertThat(awaitLine("readiness check"))
                .contains("readiness check quarantine DOWN (s3Error=s3://lakehouse: Access Denied)");

        writeSparkHealth("FAILED");
        assertThat(awaitLine("spark streams unhealthy"))
                .contains("query bronze FAILED")
                .endsWith("its log: " + dir.toRealPath().resolve("logs/spark-streams.log"));
        writeSparkHealth("RUNNING");
        awaitLine("spark streams healthy again");

        Files.setLastModifiedTime(
                dir.resolve("lake/streams-health.json"),
                FileTime.from(Instant.now().minusSeconds(120)));
        assertThat(awaitLine("not updated")).contains("spark streams unhealthy");

        server.stop(0);
        assertThat(awaitLine("does not answer")).contains("platform app unhealthy: /q/health/");
        assertThat(watch.isAlive()).as("the watch reports, it stops nothing").isTrue();
    }

    private void writeSparkHealth(String bronze) throws IOException {
        Path tmp = dir.resolve("lake/streams-health.json.tmp");
        Files.writeString(
                tmp,
                "{\"updatedAt\":\"" + Instant.now() + "\",\"queries\":[{\"name\":\"bronze\",\"state\":\"" + bronze
                        + "\",\"restarts\":2,\"lastProgressAt\":null,\"lastError\":\"boom\"},{\"name\":\"silver\",\"state\":\"RUNNING\","
                        + "\"restarts\":0,\"lastProgressAt\":null,\"lastError\":null}]}");
        Files.move(
                tmp,
                dir.resolve("lake/streams-health.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private String awaitLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        BooleanSupplier seen = () -> lines.stream().anyMatch(l -> l.contains(fragment));
        while (!seen.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(seen.getAsBoolean())
                .as("a line with '%s' in %s", fragment, lines)
                .isTrue();
        return lines.stream()
                .filter(l -> l.contains(fragment))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body.contains("\"DOWN\"") ? 503 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
