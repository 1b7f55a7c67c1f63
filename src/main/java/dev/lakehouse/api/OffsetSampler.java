package dev.lakehouse.api;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Reads the end offsets of the raw topics and the dead-letter topic every few seconds and keeps the recent
 * samples, so rates come from two real readings rather than from any consumer's view. End offsets also count
 * transaction markers: the validator writes the dead-letter topic in transactions, so its rate is an upper bound.
 */
@ApplicationScoped
public class OffsetSampler {

    /** Rates per topic over the window; rates are null until two samples exist. */
    public record Rates(
            Instant sampledAt,
            Double windowSeconds,
            String kafkaError,
            Map<String, Long> endOffsets,
            Map<String, Double> eventsPerSecond) {}

    private record Sample(Instant at, Map<String, Long> endOffsets) {}

    private static final Logger LOG = Logger.getLogger(OffsetSampler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSettings kafka;
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private volatile String kafkaError;
    private ScheduledExecutorService executor;
    private Admin admin;

    OffsetSampler(KafkaSettings kafka, ApiConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    private static List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            topics.add(domain.rawTopic());
        }
        topics.add(Domain.DEAD_LETTER_TOPIC);
        return topics;
    }

    synchronized void start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "api-offset-sampler");
                thread.setDaemon(true);
                return thread;
            });
            long every = config.pipeline().sampleInterval().toMillis();
            executor.scheduleWithFixedDelay(this::sample, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
            executor = null;
        }
        if (admin != null) {
            admin.close(TIMEOUT);
            admin = null;
        }
    }

    private void sample() {
        try {
            if (admin == null) {
                Map<String, Object> settings = kafka.client();
                settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "lakehouse-api-offsets");
                admin = Admin.create(settings);
            }
            Map<String, Long> offsets = endOffsets(admin);
            record(new Sample(clock.instant(), offsets));
            kafkaError = null;
        } catch (Exception e) {
            if (kafkaError == null) {
                LOG.warnf("Cannot read the topics' end offsets (rates unknown until it works again): %s", e.toString());
            }
            kafkaError = e instanceof TimeoutException
                    ? "no answer from Kafka at " + kafka.bootstrapServers() + " within " + TIMEOUT.toSeconds() + " s"
                    : e.getMessage() == null ? e.toString() : e.getMessage();
            if (admin != null) {
                admin.close(Duration.ZERO);
                admin = null;
            }
        }
    }

    /** Summed end offsets per topic; topics that do not exist are left out. */
    private static Map<String, Long> endOffsets(Admin admin) throws Exception {
        Map<String, TopicDescription> topics = new HashMap<>();
        for (var entry : admin.describeTopics(topics()).topicNameValues().entrySet()) {
            try {
                topics.put(entry.getKey(), entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topics.values()
                .forEach(t -> t.partitions()
                        .forEach(p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        Map<String, Long> sums = new LinkedHashMap<>();
        for (String topic : topics()) {
            if (topics.containsKey(topic)) {
                sums.put(topic, 0L);
            }
        }
        admin.listOffsets(request)
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
        return sums;
    }

    private synchronized void record(Sample sample) {
        samples.addLast(sample);
        Instant horizon = sample.at().minus(config.pipeline().rateWindow());
        // Keep the newest sample at or before the horizon, so the window is full once enough time has passed.
        while (samples.size() > 2) {
            Iterator<Sample> oldestFirst = samples.iterator();
            oldestFirst.next();
            if (oldestFirst.next().at().isAfter(horizon)) {
                break;
            }
            samples.removeFirst();
        }
    }

    public synchronized Rates rates() {
        if (samples.isEmpty()) {
            return new Rates(null, null, kafkaError, Map.of(), Map.of());
        }
        Sample newest = samples.getLast();
        Sample oldest = samples.getFirst();
        Map<String, Double> perSecond = new LinkedHashMap<>();
        Double window = null;
        if (newest != oldest) {
            double seconds = Duration.between(oldest.at(), newest.at()).toMillis() / 1000.0;
            window = seconds;
            newest.endOffsets().forEach((topic, end) -> {
                long start = oldest.endOffsets().getOrDefault(topic, 0L);
                perSecond.put(topic, Math.max(0, end - start) / seconds);
            });
        }
        return new Rates(newest.at(), window, kafkaError, newest.endOffsets(), perSecond);
    }
}
