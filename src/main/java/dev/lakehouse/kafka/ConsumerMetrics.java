package dev.lakehouse.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A group consumer's Kafka client metrics in the app's registry, above all its lag per partition
 * ({@code kafka_consumer_fetch_manager_records_lag}), tagged with the consumer group, which the client's own tags
 * lack. Unbound on {@link #close()}, when the consumer's life ends.
 */
public final class ConsumerMetrics implements AutoCloseable {

    /**
     * How often new client metrics are looked for. A partition's lag exists only after its first fetch; Micrometer's
     * default (60 s) left it out of four scrapes at 15 s.
     */
    static final Duration REFRESH = Duration.ofSeconds(10);

    private final KafkaClientMetrics metrics;
    private final ScheduledExecutorService refresher;

    private ConsumerMetrics(KafkaClientMetrics metrics, ScheduledExecutorService refresher) {
        this.metrics = metrics;
        this.refresher = refresher;
    }

    public static ConsumerMetrics bind(Consumer<?, ?> consumer, String groupId, MeterRegistry meters) {
        // A scheduler given to the binder is ours to stop (close below): one daemon thread per consumer life.
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-metrics-" + groupId);
            t.setDaemon(true);
            return t;
        });
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.of("group", groupId), refresher, REFRESH);
        metrics.bindTo(meters);
        return new ConsumerMetrics(metrics, refresher);
    }

    @Override
    public void close() {
        try {
            metrics.close();
        } finally {
            refresher.shutdownNow();
        }
    }
}
