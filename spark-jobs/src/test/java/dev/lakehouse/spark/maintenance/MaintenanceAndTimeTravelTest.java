package dev.lakehouse.spark.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.pipeline.StreamJob;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.Expected;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import dev.lakehouse.spark.timetravel.SparkTimeTravel;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * After many small commits: compaction reduces the file count, expiry keeps time travel to the retained
 * snapshots working (and refuses expired ones with a clear message), and a stream running alongside maintenance
 * keeps landing every event exactly once.
 */
@ExtendWith(LocalStack.class)
class MaintenanceAndTimeTravelTest {
    @TempDir
    Path dir;

    private static List<TestEvent> produce(String prefix, long seed, Instant start) {
        List<TestEvent> sent = new ArrayList<>();
        try (EventProducer p = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (TestEvent e : new Scenario(seed).shopDay(8, start).events()) {
                p.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                sent.add(e);
            }
            p.flush();
        }
        return sent;
    }

    @Test
    void compactionExpiryAndTimeTravelWhileTheStreamRuns() throws Exception {
        String prefix = Topics.createFresh("maint", 2);
        List<TestEvent> sent = produce(prefix, 21, Scenario.T0);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of(LakehouseConfig.MAX_OFFSETS_PER_TRIGGER, "12"));
        lake.runToCompletion(lake.config, List.of(StreamJob.Layer.BRONZE));

        // Remember what bronze said at every snapshot so far.
        Map<Long, Long> rowsAtSnapshot = new LinkedHashMap<>();
        Map<Long, Instant> committedAt = new LinkedHashMap<>();
        for (Row s :
                SparkTimeTravel.snapshots(lake.spark, LakeTables.BRONZE_EVENTS).collectAsList()) {
            long id = s.getAs("snapshot_id");
            rowsAtSnapshot.put(
                    id,
                    SparkTimeTravel.atSnapshot(lake.spark, LakeTables.BRONZE_EVENTS, id)
                            .count());
            committedAt.put(id, ((Timestamp) s.getAs("committed_at")).toInstant());
        }
        assertThat(rowsAtSnapshot.size()).as("many small commits").isGreaterThanOrEqualTo(4);
        Long firstSnapshot = rowsAtSnapshot.keySet().iterator().next();
        Long lastSnapshot = new ArrayList<>(rowsAtSnapshot.keySet()).get(rowsAtSnapshot.size() - 1);
        assertThat(SparkTimeTravel.asOf(lake.spark, LakeTables.BRONZE_EVENTS, committedAt.get(firstSnapshot))
                        .count())
                .as("TIMESTAMP AS OF the first commit = rows of the first snapshot")
                .isEqualTo(rowsAtSnapshot.get(firstSnapshot));

        // More data arrives while maintenance runs: the stream keeps going and commits beside it.
        List<TestEvent> more = produce(prefix, 22, Scenario.T0.plus(Duration.ofMinutes(30)));
        LakehouseConfig live = lake.config.with(LakehouseConfig.TRIGGER, "1 second");
        StreamJob.preflight(live, List.of(StreamJob.Layer.BRONZE));
        List<StreamingQuery> running = StreamJob.start(lake.spark, live, List.of(StreamJob.Layer.BRONZE));
        LakehouseConfig maintenance =
                lake.config.with(MaintenanceJob.MAX_SNAPSHOT_AGE, "0 seconds").with(MaintenanceJob.MIN_SNAPSHOTS, "2");
        TableSpec bronze = LakeTables.all().stream()
                .filter(t -> t.name().equals(LakeTables.BRONZE_EVENTS))
                .findFirst()
                .orElseThrow();
        MaintenanceReport report;
        try {
            report = CompletableFuture.supplyAsync(() -> new MaintenanceJob(lake.spark, maintenance)
                            .run(List.of(bronze))
                            .get(0))
                    .get(5, TimeUnit.MINUTES);
            long expected = sent.size() + more.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (lake.table(LakeTables.BRONZE_EVENTS).count() < expected && System.nanoTime() < deadline) {
                assertThat(running.get(0).exception().isEmpty())
                        .as("stream healthy during maintenance")
                        .isTrue();
                Thread.sleep(500);
            }
        } finally {
            for (StreamingQuery q : running) q.stop();
        }

        assertThat(report.filesBefore).as("files before compaction").isGreaterThanOrEqualTo(4);
        assertThat(report.rewrittenFiles)
                .as("files rewritten while the stream ran")
                .isGreaterThan(0);
        assertThat(report.addedFiles)
                .as("compaction wrote fewer files than it replaced")
                .isLessThan(report.rewrittenFiles);
        // With the stream stopped, nothing adds files beside compaction: the table's file count must drop.
        MaintenanceReport quiet =
                new MaintenanceJob(lake.spark, maintenance).run(List.of(bronze)).get(0);
        assertThat(quiet.filesAfter)
                .as("compaction reduced the file count (%s)", quiet)
                .isLessThan(quiet.filesBefore);
        assertThat(report.snapshotsExpired).as("old snapshots expired").isGreaterThan(0);

        List<Long> retained = SparkTimeTravel.snapshots(lake.spark, LakeTables.BRONZE_EVENTS).collectAsList().stream()
                .map(r -> (Long) r.getAs("snapshot_id"))
                .toList();
        assertThat(retained).as("the first snapshot is gone").doesNotContain(firstSnapshot);
        for (Long id : retained) {
            if (rowsAtSnapshot.containsKey(id)) {
                assertThat(SparkTimeTravel.atSnapshot(lake.spark, LakeTables.BRONZE_EVENTS, id)
                                .count())
                        .as("VERSION AS OF retained snapshot %s still answers", id)
                        .isEqualTo(rowsAtSnapshot.get(id));
            }
        }
        List<Long> streamCommits = lake
                .spark
                .sql(
                        "SELECT snapshot_id FROM lake." + LakeTables.BRONZE_EVENTS
                                + ".snapshots WHERE summary['lakehouse.writer-id'] IS NOT NULL ORDER BY committed_at DESC LIMIT 1")
                .collectAsList()
                .stream()
                .map(r -> r.getLong(0))
                .toList();
        assertThat(streamCommits)
                .as("the stream's latest commit (read on restart) is retained")
                .hasSize(1);
        assertThat(lastSnapshot).as("scenario sanity").isNotNull();
        assertThatThrownBy(() -> SparkTimeTravel.atSnapshot(lake.spark, LakeTables.BRONZE_EVENTS, firstSnapshot)
                        .count())
                .as("an expired snapshot is refused with a message")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--snapshots");

        List<TestEvent> all = new ArrayList<>(sent);
        all.addAll(more);
        assertThat(Expected.counts(lake.strings("SELECT event_id FROM lake." + LakeTables.BRONZE_EVENTS)))
                .as("stream kept running through maintenance: every event exactly once")
                .isEqualTo(Expected.counts(all.stream().map(TestEvent::eventId).toList()));
    }
}
