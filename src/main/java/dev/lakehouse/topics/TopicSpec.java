package dev.lakehouse.topics;

import java.util.Map;

/** A topic as it must exist on the broker. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {}
