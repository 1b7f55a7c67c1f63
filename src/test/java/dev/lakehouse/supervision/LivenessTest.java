package dev.lakehouse.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The liveness check over loops that keep dying, hang, or die of a fatal error: DOWN with the loop and its problem
 * named, and UP again once the loop recovers. Loops here are plain threads (no Kafka), with bounds of a second.
 */
class LivenessTest {

    private static final LoopSettings FAST = new LoopSettings(
            Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(500), 3);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Supervisor supervisor = new Supervisor(meters, null);
    private final LoopLiveness liveness = new LoopLiveness(supervisor);

    @Test
    void downWhileALoopKeepsDyingAndUpOnceItRunsAgain() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        SupervisedLoop loop = supervisor.start("flaky", FAST, failure -> false, beat -> {
            beat.beat();
            if (broken.get()) {
                throw new IllegalStateException("cannot reach its broker");
            }
            while (!stop.get()) {
                beat.beat();
                Thread.sleep(20);
            }
        });
        try {
            await(() -> loop.restarts() >= 3);
            HealthCheckResponse down = liveness.call();
            assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(down.getData().orElseThrow().get("flaky.problem").toString())
                    .contains("times in a row")
                    .contains("cannot reach its broker");
            assertThat(meters.counter(Supervisor.RESTARTS_METER, "loop", "flaky")
                            .count())
                    .isGreaterThanOrEqualTo(3);

            broken.set(false);
            await(() -> liveness.call().getStatus() == HealthCheckResponse.Status.UP);
            HealthCheckResponse up = liveness.call();
            assertThat(up.getStatus())
                    .as("healthy after a stretch of beating")
                    .isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(up.getData().orElseThrow()).containsEntry("flaky.state", "RUNNING");
        } finally {
            loop.stop(() -> stop.set(true), Duration.ofSeconds(5));
        }
        assertThat(loop.state()).isEqualTo(SupervisedLoop.State.STOPPED);
        assertThat(liveness.call().getStatus())
                .as("a stopped loop is not a dead one")
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void downWhileALoopIsStuckPastItsBoundAndUpWhenItBeatsAgain() throws Exception {
        AtomicBoolean hang = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        SupervisedLoop loop = supervisor.start("hanging", FAST, failure -> false, beat -> {
            while (!stop.get()) {
                if (!hang.get()) {
                    beat.beat();
                }
                Thread.sleep(20);
            }
        });
        try {
            await(() -> loop.state() == SupervisedLoop.State.RUNNING);
            assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            hang.set(true);
            await(() -> liveness.call().getStatus() == HealthCheckResponse.Status.DOWN);
            HealthCheckResponse down = liveness.call();
            assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(down.getData().orElseThrow().get("hanging.problem").toString())
                    .startsWith("stuck: no beat for");
            assertThat(loop.restarts())
                    .as("stuck, not dead: nothing to restart")
                    .isZero();

            hang.set(false);
            await(() -> liveness.call().getStatus() == HealthCheckResponse.Status.UP);
            assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        } finally {
            loop.stop(() -> stop.set(true), Duration.ofSeconds(5));
        }
    }

    @Test
    void aFatalErrorIsNotRetriedAndLeavesLivenessDown() throws Exception {
        SupervisedLoop oom = supervisor.start("out-of-memory", FAST, failure -> false, beat -> {
            beat.beat();
            throw new OutOfMemoryError("injected: Java heap space");
        });
        SupervisedLoop fenced = supervisor.start(
                "fenced", FAST, failure -> Supervisor.causedBy(failure, SecurityException.class), beat -> {
                    beat.beat();
                    throw new IllegalStateException("wrapped", new SecurityException("fenced by a newer instance"));
                });
        await(() -> oom.state() == SupervisedLoop.State.FAILED && fenced.state() == SupervisedLoop.State.FAILED);
        Thread.sleep(300); // time for restarts, were there any
        assertThat(oom.restarts()).isZero();
        assertThat(fenced.restarts()).isZero();
        HealthCheckResponse down = liveness.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData().orElseThrow().get("out-of-memory.problem").toString())
                .contains("gave up")
                .contains("OutOfMemoryError");
        assertThat(down.getData().orElseThrow().get("fenced.problem").toString())
                .contains("gave up");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        LoopSettings settings = new LoopSettings(
                Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5);
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(settings.backoff(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
