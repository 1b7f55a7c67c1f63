package dev.lakehouse.contracts.topics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five event domains. Each has one raw topic (what producers write), one validated topic
 * (what the validator lets through, same bytes), one value schema (an .avsc contract file whose
 * top-level record is the envelope) and the shared dead-letter topic; the Kafka key keeps
 * per-entity order within a partition (keys per domain: docs/events.md).
 *
 * <p>Both programs (the Quarkus app and the Spark jobs) compile this one enum, so a topic name
 * cannot drift between the validator that writes it and the stream that reads it. The topic
 * prefix is a parameter ({@code lakehouse.kafka.topic-prefix}) so tests and side-by-side runs can
 * use their own topics; the no-argument forms use the default.
 */
public enum Domain {
    CLICKSTREAM("clickstream", "clickstream.avsc", "dev.lakehouse.events.clickstream.ClickstreamEvent"),
    ORDERS("orders", "orders.avsc", "dev.lakehouse.events.orders.OrderEvent"),
    INVENTORY("inventory", "inventory.avsc", "dev.lakehouse.events.inventory.InventoryEvent"),
    CUSTOMERS("customers", "customers.avsc", "dev.lakehouse.events.customers.CustomerEvent"),
    CATALOG("catalog", "catalog.avsc", "dev.lakehouse.events.catalog.CatalogEvent");

    /** The default of {@code lakehouse.kafka.topic-prefix}. */
    public static final String DEFAULT_PREFIX = "commerce";
    /** The dead-letter topic under the default prefix. */
    public static final String DEAD_LETTER_TOPIC = deadLetterTopic(DEFAULT_PREFIX);

    private final String id;
    private final String schemaFile;
    private final String envelopeRecordName;

    Domain(String id, String schemaFile, String envelopeRecordName) {
        this.id = id;
        this.schemaFile = schemaFile;
        this.envelopeRecordName = envelopeRecordName;
    }

    /** Lower-case name used in topic names, config keys and table names. */
    public String id() {
        return id;
    }

    /** The contract file (under src/main/avro) whose top-level record is this domain's value schema. */
    public String schemaFile() {
        return schemaFile;
    }

    /** The full name of the envelope record (namespace.name of the .avsc's top-level record). */
    public String envelopeRecordName() {
        return envelopeRecordName;
    }

    public String rawTopic() {
        return rawTopic(DEFAULT_PREFIX);
    }

    public String validTopic() {
        return validTopic(DEFAULT_PREFIX);
    }

    public String rawTopic(String prefix) {
        return prefix + "." + id + ".raw";
    }

    public String validTopic(String prefix) {
        return prefix + "." + id + ".valid";
    }

    public static String deadLetterTopic(String prefix) {
        return prefix + ".dlq";
    }

    public static List<String> rawTopics(String prefix) {
        return Arrays.stream(values()).map(d -> d.rawTopic(prefix)).toList();
    }

    public static List<String> validTopics(String prefix) {
        return Arrays.stream(values()).map(d -> d.validTopic(prefix)).toList();
    }

    /** The registry subject of the topic's values (Confluent's TopicNameStrategy). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    public static Optional<Domain> ofRawTopic(String topic) {
        return ofRawTopic(topic, DEFAULT_PREFIX);
    }

    public static Optional<Domain> ofRawTopic(String topic, String prefix) {
        return Arrays.stream(values())
                .filter(d -> d.rawTopic(prefix).equals(topic))
                .findFirst();
    }

    /** The domain whose envelope record has this full name (a record's {@code getSchema().getFullName()}). */
    public static Domain ofRecordName(String fullName) {
        return Arrays.stream(values())
                .filter(d -> d.envelopeRecordName.equals(fullName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of any domain: " + fullName));
    }
}
