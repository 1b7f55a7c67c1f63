package dev.lakehouse.topics;

import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.contracts.topics.Domain;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the topic configuration into the full list of topics the platform needs. */
@ApplicationScoped
public class TopicPlan {

    private final TopicsConfig config;

    TopicPlan(TopicsConfig config) {
        this.config = config;
    }

    /** Every topic: raw and valid per domain, then the dead-letter topic and the audit topic. */
    public List<TopicSpec> topics() {
        List<TopicSpec> specs = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            TopicsConfig.TopicSettings settings = config.domain().get(domain.id());
            if (settings == null) {
                throw new IllegalStateException("No topic settings for domain '" + domain.id()
                        + "': set lakehouse.topics.domain." + domain.id() + ".partitions and .retention");
            }
            specs.add(spec(domain.rawTopic(), settings, "lakehouse.topics.domain." + domain.id()));
            specs.add(spec(domain.validTopic(), settings, "lakehouse.topics.domain." + domain.id()));
        }
        specs.add(spec(Domain.DEAD_LETTER_TOPIC, config.deadLetter(), "lakehouse.topics.dead-letter"));
        if (!"delete".equals(config.audit().cleanupPolicy())) {
            // Compaction keeps one record per key (per caller): an audit trail must keep them all.
            throw new IllegalStateException("lakehouse.topics.audit.cleanup-policy must be delete (the audit trail is"
                    + " append-only), got '" + config.audit().cleanupPolicy() + "'");
        }
        specs.add(spec(AuditTopic.NAME, config.audit(), "lakehouse.topics.audit"));
        return specs;
    }

    private TopicSpec spec(String name, TopicsConfig.TopicSettings settings, String property) {
        if (settings.partitions() < 1) {
            throw new IllegalStateException(property + ".partitions must be at least 1, got " + settings.partitions());
        }
        if (config.replicationFactor() < 1 || config.replicationFactor() > Short.MAX_VALUE) {
            throw new IllegalStateException(
                    "lakehouse.topics.replication-factor must be at least 1, got " + config.replicationFactor());
        }
        if (!List.of("delete", "compact", "compact,delete").contains(settings.cleanupPolicy())) {
            throw new IllegalStateException(
                    property + ".cleanup-policy must be delete, compact or 'compact,delete', got '"
                            + settings.cleanupPolicy() + "'");
        }
        return new TopicSpec(
                name,
                settings.partitions(),
                (short) config.replicationFactor(),
                Map.of(
                        "retention.ms", Long.toString(retentionMs(settings.retention())),
                        "cleanup.policy", settings.cleanupPolicy(),
                        "min.insync.replicas", Integer.toString(config.minInsyncReplicas())));
    }

    private static long retentionMs(Duration retention) {
        return retention.isNegative() ? -1 : retention.toMillis();
    }
}
