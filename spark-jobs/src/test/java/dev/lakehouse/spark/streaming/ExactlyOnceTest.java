package dev.lakehouse.spark.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.LakehouseJobs;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.silver.SilverProjections;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.ShopDays;
import dev.lakehouse.spark.support.Tables;
import dev.lakehouse.spark.support.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once, proven rather than assumed: (1) the Iceberg-style test that deletes the last commit file of each
 * checkpoint and restarts, so the last batch runs again; (2) a stream process killed with SIGKILL mid-stream and
 * restarted. Afterwards every table holds each event exactly once and no batch committed twice.
 */
@ExtendWith(LocalStack.class)
class ExactlyOnceTest {
    @TempDir
    Path dir;

    @Test
    void replayingTheLastBatchAfterLosingItsCommitFileChangesNothing() throws Exception {
        String prefix = Topics.createFresh("replay", 2);
        List<TestEvent> sent = ShopDays.send(prefix, 7);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of(LakehouseConfig.MAX_OFFSETS_PER_TRIGGER, "100"));
        lake.runToCompletion();
        Map<String, List<String>> before = Tables.contents(lake);
        Map<String, Long> snapshotsBefore = Tables.snapshotCounts(lake);

        for (String query : List.of("bronze", "silver", "gold")) {
            Path commits = Path.of(lake.config.checkpointLocation(query)).resolve("commits");
            Path last;
            try (Stream<Path> files = Files.list(commits)) {
                last = files.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .max(Comparator.comparingLong(
                                p -> Long.parseLong(p.getFileName().toString())))
                        .orElseThrow();
            }
            Files.delete(last);
            Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
        }
        lake.runToCompletion();

        assertThat(Tables.contents(lake))
                .as("every table identical after the replay")
                .isEqualTo(before);
        assertThat(Tables.snapshotCounts(lake))
                .as("the replayed batch committed nothing new")
                .isEqualTo(snapshotsBefore);
        ShopDays.assertEachEventExactlyOnce(lake, sent);
    }

    @Test
    void killedWithSigkillMidStreamAndRestartedEveryTableHoldsEachEventOnce() throws Exception {
        String prefix = Topics.createFresh("kill", 2);
        List<TestEvent> sent = ShopDays.send(prefix, 11, 12);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of());

        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // The same module opens as this test JVM (surefire argLine).
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports"))
                .forEach(cmd::add);
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                LakehouseJobs.class.getName(),
                "stream",
                "--data-dir",
                dir.toString()));
        Map<String, String> sets = Map.of(
                LakehouseConfig.KAFKA_BOOTSTRAP,
                LocalStack.BOOTSTRAP,
                LakehouseConfig.REGISTRY_URL,
                LocalStack.CCOMPAT,
                LakehouseConfig.TOPIC_PREFIX,
                prefix,
                LakehouseConfig.PII_KEY_STORE,
                Lakehouse.testKeyStore().toString(),
                LakehouseConfig.TRIGGER,
                "1 second",
                LakehouseConfig.MAX_OFFSETS_PER_TRIGGER,
                "30",
                "spark.sql.shuffle.partitions",
                "2");
        sets.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        File log = dir.resolve("killed-stream.log").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process child = pb.start();
        long bronzeSnapshots = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        try {
            while (System.nanoTime() < deadline && child.isAlive()) {
                bronzeSnapshots = lake.spark
                        .sql("SELECT count(*) FROM lake." + LakeTables.BRONZE_EVENTS + ".snapshots")
                        .first()
                        .getLong(0);
                long silverSnapshots = lake.spark
                        .sql("SELECT count(*) FROM lake." + LakeTables.SILVER_CLICKSTREAM + ".snapshots")
                        .first()
                        .getLong(0);
                if (bronzeSnapshots >= 1 && silverSnapshots >= 1) {
                    break;
                }
                Thread.sleep(500);
            }
            Thread.sleep(new java.util.Random().nextInt(1500));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(bronzeSnapshots)
                .as("the child had committed batches before it was killed; log: " + log)
                .isGreaterThanOrEqualTo(1);
        long bronzeRowsAtKill = lake.table(LakeTables.BRONZE_EVENTS).count();
        long silverRowsAtKill = 0;
        for (Domain d : Domain.values()) {
            silverRowsAtKill += lake.table(SilverProjections.silverTable(d)).count();
        }
        assertThat(bronzeRowsAtKill + silverRowsAtKill)
                .as("killed mid-stream: bronze or silver was still incomplete")
                .isLessThan(2L * sent.size());

        lake.runToCompletion();
        ShopDays.assertEachEventExactlyOnce(lake, sent);
    }
}
