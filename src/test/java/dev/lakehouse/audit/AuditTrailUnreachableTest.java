package dev.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.kafka.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * When the broker does not answer, no event is lost silently and no caller waits: past the bounded buffer events are
 * counted as dropped, the ones handed to the producer as failed once it gives up, every future fails, and an erasure
 * request is refused. (The events are logged whole at ERROR: see the test's output.)
 */
class AuditTrailUnreachableTest {

    @Test
    void aBrokerThatDoesNotAnswerDropsNothingSilently() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditTrail trail =
                new AuditTrail(unreachable(), config(2), meters, new ObjectMapper().findAndRegisterModules());
        trail.meters();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            acks.add(trail.record(event(i)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("recording never waits for Kafka")
                .isLessThan(Duration.ofSeconds(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> acks.stream().allMatch(CompletableFuture::isDone));
        assertThat(acks).allMatch(CompletableFuture::isCompletedExceptionally);
        double dropped = meters.get("lakehouse.audit.events")
                .tag("result", "dropped")
                .counter()
                .count();
        double failed = meters.get("lakehouse.audit.events")
                .tag("result", "failed")
                .counter()
                .count();
        assertThat(meters.get("lakehouse.audit.events")
                        .tag("result", "sent")
                        .counter()
                        .count())
                .isZero();
        assertThat(dropped).as("past the buffer").isPositive();
        assertThat(dropped + failed).as("every event counted").isEqualTo(6);
        assertThatThrownBy(() -> new ErasureAudit(trail).requested(null, "r-1", "c-1"))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("nothing was done");
        trail.close(null);
    }

    private static KafkaSettings unreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String bootstrap = "127.0.0.1:" + port;
        return new KafkaSettings() {
            @Override
            public Map<String, Object> client() {
                Map<String, Object> settings = new HashMap<>();
                settings.put("bootstrap.servers", bootstrap);
                // How long the producer waits for the topic's metadata before it gives an event up.
                settings.put("max.block.ms", 1000);
                return settings;
            }
        };
    }

    private static AuditConfig config(int bufferSize) {
        return new AuditConfig() {
            @Override
            public int bufferSize() {
                return bufferSize;
            }

            @Override
            public Duration ackTimeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Table table() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(
                "e-" + i,
                Instant.now(),
                "s",
                "analyst",
                List.of("analyst"),
                AuditAction.READ_TABLE_ROWS,
                "silver.orders",
                Map.of(),
                null,
                AuditOutcome.ALLOWED,
                200,
                1L,
                "GET",
                "/api/tables/silver/orders/rows");
    }
}
