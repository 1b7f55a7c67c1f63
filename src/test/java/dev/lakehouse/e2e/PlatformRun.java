package dev.lakehouse.e2e;

import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.testing.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One {@code ./lakehouse run} of the whole platform, started the way a user starts it, in a folder and on
 * ports of its own; with the calls the end-to-end tests make against it.
 */
final class PlatformRun {

    /** A condition polled until it holds; exceptions count as "not yet". */
    interface Check {
        boolean holds() throws Exception;
    }

    final Path dir;
    final Path log;
    final int offset;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Path currentLog;

    PlatformRun(String name, int offset) {
        this.dir = LocalStackResource.PROJECT.resolve("target/" + name);
        this.log = LocalStackResource.PROJECT.resolve("target/" + name + "-run.log");
        this.offset = offset + LocalStackResource.PORT_OFFSET;
    }

    /** Starts {@code ./lakehouse run --fresh} with the scenario and options, and waits for the dashboard URL. */
    void start(String scenario, String... options) throws Exception {
        launch(log, scenario, true, null, options);
    }

    /** As {@link #start}, and runs {@code whenAppReady} once the run command says the app is ready (the generator runs then). */
    void start(String scenario, Check whenAppReady, String... options) throws Exception {
        launch(log, scenario, true, whenAppReady, options);
    }

    /**
     * Starts {@code ./lakehouse run} again on the same folder, without --fresh (topics, lake, ledger and checkpoints
     * as the last run left them), logging to {@code target/<name>-restart-run.log}; waits for the dashboard URL.
     */
    void restart(String scenario, String... options) throws Exception {
        launch(
                log.resolveSibling(log.getFileName().toString().replace("-run.log", "-restart-run.log")),
                scenario,
                false,
                null,
                options);
    }

    private void launch(Path to, String scenario, boolean fresh, Check whenAppReady, String... options)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                LocalStackResource.PROJECT.resolve("lakehouse").toString(),
                "run",
                "--scenario",
                scenario,
                "--dir",
                dir.toString(),
                "--port-offset",
                Integer.toString(offset)));
        if (fresh) {
            command.add("--fresh");
        }
        command.addAll(List.of(options));
        Files.createDirectories(to.getParent());
        currentLog = to;
        process = new ProcessBuilder(command)
                .directory(LocalStackResource.PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(to.toFile())
                .start();
        if (whenAppReady != null) {
            await(
                    "the run command to report the app ready",
                    Duration.ofMinutes(15),
                    () -> Files.readString(to).contains("platform app ready"));
            if (!whenAppReady.holds()) {
                throw new AssertionError("what was to run once the app was ready failed");
            }
        }
        await(
                "the run command to print the dashboard URL",
                Duration.ofMinutes(15),
                () -> Files.readString(to).contains("dashboard: "));
    }

    /** The log of the current run command. */
    Path currentLog() {
        return currentLog;
    }

    /**
     * The command lines of the Java processes of this run: the run command's descendants (the app, Spark) and the
     * processes that name the run's folder (the stack's servers, which the stack script detaches).
     */
    List<String> javaCommands() {
        java.util.Set<String> commands = new java.util.LinkedHashSet<>();
        process.descendants().forEach(p -> commands.add(p.info().commandLine().orElse("")));
        String registryPort = "quarkus.http.port=" + (8081 + offset);
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())
                        || runsIn(p)
                        || p.info().commandLine().orElse("").contains(registryPort))
                .forEach(p -> commands.add(p.info().commandLine().orElse("")));
        return commands.stream()
                .filter(cmd -> cmd.contains("/java ") || cmd.startsWith("java "))
                .toList();
    }

    String app() {
        return "http://127.0.0.1:" + (8080 + offset);
    }

    /** Health, metrics and OpenAPI: the app's management interface. */
    String management() {
        return "http://127.0.0.1:" + (9000 + offset);
    }

    String bootstrap() {
        return "127.0.0.1:" + (29092 + offset);
    }

    /** The run's identity provider (the stack's Keycloak, realm 'lakehouse'). */
    String issuer() {
        return "http://127.0.0.1:" + (8088 + offset) + "/realms/lakehouse";
    }

    /**
     * Signed in as the role the path needs: operators control the generator, privacy officers erase, analysts read
     * everything else.
     */
    private String bearer(String path) {
        String role =
                path.startsWith("/generator") ? "operator" : path.startsWith("/api/privacy") ? "privacy" : "analyst";
        return "Bearer " + Tokens.from(issuer(), role);
    }

    String registry() {
        return "http://127.0.0.1:" + (8081 + offset) + "/apis/registry/v3";
    }

    /** POSTs a JSON body; returns the answer's body (any 2xx). */
    String postJson(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(app() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", bearer(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    String s3() {
        return "http://127.0.0.1:" + (9090 + offset);
    }

    /** Waits until the scenario's bounded generator run has sent everything. */
    void awaitGeneratorFinished() throws Exception {
        await(
                "the generator to finish",
                Duration.ofMinutes(10),
                () -> get("/generator/status").contains("\"state\":\"FINISHED\""));
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create((path.startsWith("/q/") ? management() : app()) + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", bearer(path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Whether the process's working directory is in the run's folder (Linux; false where that cannot be read). */
    private boolean runsIn(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                    .startsWith(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    String post(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(app() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", bearer(path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the run command ended while waiting for " + what + "; see " + currentLog
                        + " and " + dir.resolve("logs"));
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; see " + currentLog);
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Polls a count until it reaches {@code expected}, or stops moving for five minutes (a loaded machine can take
     * minutes per batch); the tests then show what is missing.
     */
    void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        int last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = count.getAsInt();
            if (now >= expected) {
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofMinutes(5).toNanos()) {
                return;
            }
            Thread.sleep(5000);
        }
    }

    /** SIGTERM to the run command, handled as Ctrl-C's SIGINT is; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the run command did not end within 3 minutes of SIGTERM; see " + currentLog);
        }
        return process.exitValue();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }
}
