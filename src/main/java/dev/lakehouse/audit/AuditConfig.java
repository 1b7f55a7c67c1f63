package dev.lakehouse.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** lakehouse.audit.*: the audit trail (docs/security.md, "Audit trail"). The topic's settings: lakehouse.topics.audit. */
@ConfigMapping(prefix = "lakehouse.audit")
public interface AuditConfig {

    /**
     * Events waiting for the producer, at most. A request never waits for Kafka: past this many, an event is not
     * sent but counted (lakehouse_audit_events_total{result="dropped"}) and logged whole at ERROR.
     */
    @WithDefault("10000")
    int bufferSize();

    /** How long an operator action's answer and an erasure request wait for the broker to acknowledge the event. */
    @WithDefault("10s")
    Duration ackTimeout();

    Table table();

    interface Table {
        /** Copy the topic into audit.api_events on this instance (instances with the api role). */
        @WithDefault("true")
        boolean enabled();

        /** The longest an event waits in the topic before it is committed to the table (one commit per interval). */
        @WithDefault("60s")
        Duration commitInterval();
    }
}
