package dev.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.spark.support.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The entry point: help, and a clear one-line error (exit 3) for a missing topic, registry or catalog. */
@ExtendWith(LocalStack.class)
class LakehouseJobsCliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LakehouseJobs.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubCommands() {
        Result r = run("--help");
        assertThat(r.code()).as("exit code").isZero();
        assertThat(r.out()).as("help text").contains("stream", "maintain", "query");
        Result stream = run("stream", "--help");
        assertThat(stream.out()).as("stream help").contains("--available-now", "--set", "--config", "--data-dir");
    }

    @Test
    void aMissingTopicIsNamed() {
        Result r = run(
                "stream",
                "--data-dir",
                dir.toString(),
                "--set",
                "lakehouse.kafka.bootstrap-servers=" + LocalStack.BOOTSTRAP,
                "--set",
                "lakehouse.registry.url=" + LocalStack.CCOMPAT,
                "--set",
                "lakehouse.kafka.topic-prefix=nosuchprefix");
        assertThat(r.code()).as("exit code").isEqualTo(3);
        assertThat(r.err()).as("error").contains("has no topic(s)", "nosuchprefix.clickstream.raw");
    }

    @Test
    void anUnreachableRegistryIsNamed() {
        Result r = run(
                "stream",
                "--data-dir",
                dir.toString(),
                "--set",
                "lakehouse.kafka.bootstrap-servers=" + LocalStack.BOOTSTRAP,
                "--set",
                "lakehouse.registry.url=http://127.0.0.1:9/apis/ccompat/v7");
        assertThat(r.code()).as("exit code").isEqualTo(3);
        assertThat(r.err()).as("error").contains("schema registry", "127.0.0.1:9", "lakehouse.registry.url");
    }

    @Test
    void anUnreachableCatalogIsNamed() {
        Result r = run(
                "query",
                "--table",
                "silver.orders",
                "--set",
                "lakehouse.catalog.type=jdbc",
                "--set",
                "lakehouse.catalog.uri=jdbc:postgresql://127.0.0.1:9/lake",
                "--set",
                "lakehouse.catalog.warehouse=/tmp/w");
        assertThat(r.code()).as("exit code").isEqualTo(3);
        assertThat(r.err()).as("error").contains("catalog database", "jdbc:postgresql://127.0.0.1:9/lake");
    }

    @Test
    void maintainAndQueryRunOnAnEmbeddedLake() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(captured, true));
        Result maintain;
        Result snapshots;
        Result count;
        try {
            maintain = run("maintain", "--data-dir", dir.toString(), "--table", "bronze.events");
            snapshots = run("query", "--data-dir", dir.toString(), "--table", "bronze.events", "--snapshots");
            count = run("query", "--data-dir", dir.toString(), "--table", "gold.funnel_5m", "--count");
        } finally {
            System.setOut(original);
        }
        assertThat(maintain.code())
                .as("maintain exit code; stderr: " + maintain.err())
                .isZero();
        assertThat(snapshots.code()).as("query --snapshots exit code").isZero();
        assertThat(count.code()).as("query --count exit code").isZero();
        String out = captured.toString();
        assertThat(out).as("maintenance report header and table line").contains("table", "lake.bronze.events");
        assertThat(out).as("snapshot listing columns").contains("snapshot_id", "committed_at");
        assertThat(out.lines().map(String::trim).toList())
                .as("an empty gold table counts 0")
                .contains("0");
        Result expired = run(
                "query", "--data-dir", dir.toString(), "--table", "bronze.events", "--as-of", "2001-01-01T00:00:00Z");
        assertThat(expired.code())
                .as("time travel before the first snapshot; stderr: " + expired.err())
                .isEqualTo(3);
        assertThat(expired.err()).as("error names the way out").contains("--snapshots");
    }

    @Test
    void aMissingConfigFileAndABadOverrideAreNamed() {
        assertThat(run("stream", "--config", dir.resolve("nope.properties").toString())
                        .err())
                .contains("does not exist");
        assertThat(run("stream", "--set", "novalue").err()).contains("key=value");
    }
}
