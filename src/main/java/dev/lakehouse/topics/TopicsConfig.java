package dev.lakehouse.topics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * The declared Kafka topics. Defaults suit the single local broker; production overrides
 * replication through the environment (e.g. LAKEHOUSE_TOPICS_REPLICATION_FACTOR=3).
 */
@ConfigMapping(prefix = "lakehouse.topics")
public interface TopicsConfig {

    /** Replication factor of every declared topic. */
    @WithDefault("1")
    int replicationFactor();

    /** min.insync.replicas of every declared topic (with acks=all, writes need this many replicas). */
    @WithDefault("1")
    int minInsyncReplicas();

    /** Create missing topics when the application starts (tests and local runs); production uses the CLI. */
    @WithDefault("false")
    boolean applyOnStart();

    /** Settings per domain, keyed by domain id (clickstream, orders, ...); both its raw and valid topic use them. */
    Map<String, TopicSettings> domain();

    /** The dead-letter topic. */
    TopicSettings deadLetter();

    /** The audit topic (append-only: its cleanup policy must stay delete; docs/security.md, "Audit trail"). */
    TopicSettings audit();

    interface TopicSettings {
        int partitions();

        /** How long records are kept; a negative duration keeps them forever. */
        Duration retention();

        @WithDefault("delete")
        String cleanupPolicy();
    }
}
