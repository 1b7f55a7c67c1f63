package dev.lakehouse.spark.decoding;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The five event domains, their topics (fixed convention) and the contract file that is their reader schema. */
public enum Domain {
  CLICKSTREAM("clickstream.avsc"),
  ORDERS("orders.avsc"),
  INVENTORY("inventory.avsc"),
  CUSTOMERS("customers.avsc"),
  CATALOG("catalog.avsc");

  public static final String DLQ_TOPIC = "commerce.dlq";

  private final String schemaFile;

  Domain(String schemaFile) {
    this.schemaFile = schemaFile;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Topic prefix of the fixed convention; tests and side-by-side runs may set another one. */
  public static final String DEFAULT_PREFIX = "commerce";

  public String rawTopic(String prefix) {
    return prefix + "." + id() + ".raw";
  }

  public String validTopic(String prefix) {
    return prefix + "." + id() + ".valid";
  }

  public String schemaFile() {
    return schemaFile;
  }

  public static List<String> rawTopics(String prefix) {
    return Arrays.stream(values()).map(d -> d.rawTopic(prefix)).toList();
  }

  public static List<String> validTopics(String prefix) {
    return Arrays.stream(values()).map(d -> d.validTopic(prefix)).toList();
  }
}
