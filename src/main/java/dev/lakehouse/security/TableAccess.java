package dev.lakehouse.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which lake tables and columns an analyst may read through /api/tables: an allow-list, so a table or column added
 * later stays hidden until someone decides it is safe and lists it here.
 *
 * <p>Silver is listed table by table and column by column: its personal columns (keyed hashes of e-mail and IP,
 * network prefixes, user agents, search text, whole records in {@code late_events.payload_json}) are left out. Gold
 * holds aggregates only; of the marts, those without a row per customer (mart_customer_lifetime_value has one). Bronze and the quarantine hold raw records (e-mail, names and IP in clear) and are never readable. Neither is the
 * audit trail ({@code audit.api_events}): who read what is for auditors, who read it with the lake's own tools.
 */
public final class TableAccess {

    private static final List<String> KAFKA =
            List.of("schema_version", "kafka_partition", "kafka_offset", "ingest_time");

    private static final Map<String, Map<String, Set<String>>> ANALYST = Map.of(
            "silver",
                    Map.of(
                            "clickstream",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "event_type",
                                            "session_id",
                                            "device",
                                            "referrer",
                                            "utm_source",
                                            "utm_medium",
                                            "utm_campaign",
                                            "page_type",
                                            "product_id",
                                            "results_count",
                                            "cart_id",
                                            "quantity",
                                            "item_count",
                                            "amount",
                                            "currency")),
                            "orders",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "event_type",
                                            "order_id",
                                            "session_id",
                                            "line_count",
                                            "subtotal",
                                            "shipping",
                                            "tax",
                                            "total",
                                            "currency",
                                            "shipping_country",
                                            "payment_method",
                                            "amount",
                                            "carrier",
                                            "refund_id",
                                            "reason")),
                            "order_items",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "order_id",
                                            "line_number",
                                            "product_id",
                                            "quantity",
                                            "unit_price",
                                            "line_total",
                                            "currency")),
                            "inventory",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "event_type",
                                            "product_id",
                                            "warehouse_id",
                                            "quantity_on_hand",
                                            "quantity",
                                            "quantity_delta",
                                            "order_id",
                                            "purchase_order_id",
                                            "reason")),
                            "customers",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "event_type",
                                            "country",
                                            "segment",
                                            "marketing_consent",
                                            "analytics_consent",
                                            "device")),
                            "catalog",
                                    columns(List.of(
                                            "event_id",
                                            "event_time",
                                            "event_type",
                                            "product_id",
                                            "sku",
                                            "name",
                                            "category",
                                            "brand",
                                            "price",
                                            "old_price",
                                            "currency",
                                            "reason")),
                            "late_events", columns(List.of("domain", "event_id", "event_time", "watermark", "topic"))),
            // Aggregates: no row stands for one person.
            "gold",
                    Map.of(
                            "revenue_per_minute", Set.of("*"),
                            "funnel_5m", Set.of("*"),
                            "top_products_hourly", Set.of("*"),
                            "stock_current", Set.of("*"),
                            "active_sessions", Set.of("*")),
            "marts",
                    Map.of(
                            "mart_funnel_conversion", Set.of("*"),
                            "mart_hourly_event_anomalies", Set.of("*"),
                            "mart_product_affinity", Set.of("*"),
                            "mart_campaign_effectiveness", Set.of("*")));

    private TableAccess() {}

    /** A table off the list; the API answers it with a 403 that carries the message (it names what is readable). */
    public static class Denied extends RuntimeException {
        Denied(String message) {
            super(message);
        }
    }

    /**
     * The columns of {@code namespace.table} an analyst may see; {@link Denied} when the table is not on the list.
     * Names are compared as given: the catalog's identifiers are lower case.
     */
    public static Predicate<String> analystColumns(String namespace, String table) {
        Map<String, Set<String>> tables = ANALYST.get(namespace);
        if (tables == null) {
            throw forbidden("the namespace '" + namespace + "' is not readable through the API; analysts may read "
                    + String.join(", ", ANALYST.keySet().stream().sorted().toList()));
        }
        Set<String> allowed = tables.get(table);
        if (allowed == null) {
            throw forbidden(namespace + "." + table + " is not readable through the API; readable in " + namespace
                    + ": " + String.join(", ", tables.keySet().stream().sorted().toList()));
        }
        return allowed.contains("*") ? column -> true : allowed::contains;
    }

    private static Set<String> columns(List<String> own) {
        return Stream.concat(own.stream(), KAFKA.stream()).collect(Collectors.toUnmodifiableSet());
    }

    private static Denied forbidden(String detail) {
        return new Denied(detail);
    }
}
