package dev.lakehouse.events;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.orders.OrderEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The five event domains. Each has one raw topic (what producers write), one validated topic
 * (what the validator lets through, same bytes) and one value schema; the Kafka key keeps
 * per-entity order within a partition (keys per domain: docs/events.md).
 */
public enum Domain {
    CLICKSTREAM("clickstream", ClickstreamEvent.getClassSchema()),
    ORDERS("orders", OrderEvent.getClassSchema()),
    INVENTORY("inventory", InventoryEvent.getClassSchema()),
    CUSTOMERS("customers", CustomerEvent.getClassSchema()),
    CATALOG("catalog", CatalogEvent.getClassSchema());

    public static final String TOPIC_PREFIX = "commerce.";
    public static final String DEAD_LETTER_TOPIC = TOPIC_PREFIX + "dlq";

    private final String id;
    private final Schema schema;
    Domain(String id, Schema schema) {
        this.id = id;
        this.schema = schema;
    }

    /** Lower-case name used in topic names, config keys and table names. */
    public String id() {
        return id;
    }

    public Schema schema() {
        return schema;
    }

    public String rawTopic() {
        return TOPIC_PREFIX + id + ".raw";
    }

    public String validTopic() {
        return TOPIC_PREFIX + id + ".valid";
    }

    /** The registry subject of the topic's values (Confluent's TopicNameStrategy). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    private static final Map<String, Domain> BY_RAW_TOPIC = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Domain::rawTopic, d -> d));

    public static Optional<Domain> ofRawTopic(String topic) {
        return Optional.ofNullable(BY_RAW_TOPIC.get(topic));
    }

    public static Domain ofRecord(SpecificRecord record) {
        return Arrays.stream(values())
                .filter(d -> d.schema.getFullName().equals(record.getSchema().getFullName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of any domain: " + record.getSchema().getFullName()));
    }
}
