package dev.lakehouse.api;

import dev.lakehouse.api.LakeHealth.LayerFreshness;
import dev.lakehouse.contracts.topics.Domain;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Is data flowing: events per second into the raw topics, dead letters per second, and how fresh each layer is. */
@ApplicationScoped
public class PipelineHealth {

    /**
     * Rates are per second over {@code windowSeconds} and null until two samples of the end offsets exist;
     * {@code kafkaError} is null while the offsets can be read.
     */
    public record Status(
            Instant sampledAt,
            Double windowSeconds,
            String kafkaError,
            Double rawEventsPerSecond,
            Double dlqEventsPerSecond,
            Double dlqPercentOfRaw,
            List<TopicRate> topics,
            List<LayerFreshness> layers) {}

    public record TopicRate(String topic, long endOffset, Double eventsPerSecond) {}

    private final OffsetSampler sampler;
    private final LakeHealth lake;

    PipelineHealth(OffsetSampler sampler, LakeHealth lake) {
        this.sampler = sampler;
        this.lake = lake;
    }

    public Status status() {
        return status(lake.layers(lake.tables()));
    }

    public Status status(List<LayerFreshness> layers) {
        OffsetSampler.Rates rates = sampler.rates();
        List<TopicRate> topics = new ArrayList<>();
        rates.endOffsets()
                .forEach((topic, end) -> topics.add(
                        new TopicRate(topic, end, round(rates.eventsPerSecond().get(topic)))));
        if (rates.windowSeconds() == null) {
            return new Status(rates.sampledAt(), null, rates.kafkaError(), null, null, null, topics, layers);
        }
        double raw = rates.eventsPerSecond().entrySet().stream()
                .filter(e -> !e.getKey().equals(Domain.DEAD_LETTER_TOPIC))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        double dlq = rates.eventsPerSecond().getOrDefault(Domain.DEAD_LETTER_TOPIC, 0.0);
        return new Status(
                rates.sampledAt(),
                rates.windowSeconds(),
                rates.kafkaError(),
                round(raw),
                round(dlq),
                raw == 0 ? null : round(dlq * 100 / raw),
                topics,
                layers);
    }

    /** Two decimals: rates are estimates, more digits would only suggest precision. */
    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 100) / 100.0;
    }
}
