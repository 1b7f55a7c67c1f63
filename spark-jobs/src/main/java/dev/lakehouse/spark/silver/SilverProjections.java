package dev.lakehouse.spark.silver;

import dev.lakehouse.contracts.topics.Domain;
import java.util.ArrayList;
import java.util.List;

/**
 * How each contract maps onto its typed silver table: SQL over the decoded {@code record} (payload branches are
 * structs named after the event type). Personal data is opened ({@code pii_open}) and passes through the keyed hash
 * here and nowhere else.
 */
public final class SilverProjections {
    private SilverProjections() {}

    private static final List<String> ENVELOPE = List.of(
            "record.event_id AS event_id", "record.event_time AS event_time", "record.payload.branch AS event_type");
    private static final List<String> LINEAGE = List.of(
            "record.schema_version AS schema_version",
            "partition AS kafka_partition",
            "offset AS kafka_offset",
            "ingest_time");

    public static List<String> of(Domain d) {
        List<String> body = switch (d) {
            case CLICKSTREAM ->
                List.of(
                        "record.session_id AS session_id",
                        "record.visitor_id AS visitor_id",
                        "record.customer_id AS customer_id",
                        "record.context.device AS device",
                        "record.context.user_agent AS user_agent",
                        "pii_hash(pii_open(record.context.ip_address)) AS ip_hash",
                        "ip_prefix(pii_open(record.context.ip_address)) AS ip_prefix",
                        "record.context.referrer AS referrer",
                        "record.context.utm_source AS utm_source",
                        "record.context.utm_medium AS utm_medium",
                        "record.context.utm_campaign AS utm_campaign",
                        "record.payload.PageViewed.page_type AS page_type",
                        "record.payload.PageViewed.url AS url",
                        "coalesce(record.payload.ProductViewed.product_id, record.payload.CartItemAdded.product_id, "
                                + "record.payload.CartItemRemoved.product_id) AS product_id",
                        "record.payload.SearchPerformed.query AS search_query",
                        "record.payload.SearchPerformed.results_count AS results_count",
                        "coalesce(record.payload.CartItemAdded.cart_id, record.payload.CartItemRemoved.cart_id, "
                                + "record.payload.CheckoutStarted.cart_id) AS cart_id",
                        "coalesce(record.payload.CartItemAdded.quantity, record.payload.CartItemRemoved.quantity) AS quantity",
                        "record.payload.CheckoutStarted.item_count AS item_count",
                        "coalesce(record.payload.ProductViewed.price.amount, record.payload.CartItemAdded.unit_price.amount, "
                                + "record.payload.CheckoutStarted.cart_value.amount) AS amount",
                        "coalesce(record.payload.ProductViewed.price.currency, record.payload.CartItemAdded.unit_price.currency, "
                                + "record.payload.CheckoutStarted.cart_value.currency) AS currency");
            case ORDERS ->
                List.of(
                        "record.order_id AS order_id",
                        "record.customer_id AS customer_id",
                        "record.payload.OrderPlaced.session_id AS session_id",
                        "CASE WHEN record.payload.OrderPlaced IS NOT NULL THEN size(record.payload.OrderPlaced.lines) END AS line_count",
                        "record.payload.OrderPlaced.subtotal.amount AS subtotal",
                        "record.payload.OrderPlaced.shipping.amount AS shipping",
                        "record.payload.OrderPlaced.tax.amount AS tax",
                        "record.payload.OrderPlaced.total.amount AS total",
                        "coalesce(record.payload.OrderPlaced.total.currency, record.payload.OrderPaid.amount.currency, "
                                + "record.payload.OrderRefunded.amount.currency) AS currency",
                        "record.payload.OrderPlaced.shipping_country AS shipping_country",
                        "record.payload.OrderPaid.payment_id AS payment_id",
                        "record.payload.OrderPaid.method AS payment_method",
                        "coalesce(record.payload.OrderPaid.amount.amount, record.payload.OrderRefunded.amount.amount) AS amount",
                        "record.payload.OrderShipped.carrier AS carrier",
                        "record.payload.OrderShipped.tracking_number AS tracking_number",
                        "record.payload.OrderRefunded.refund_id AS refund_id",
                        "coalesce(record.payload.OrderCancelled.reason, record.payload.OrderRefunded.reason) AS reason");
            case INVENTORY ->
                List.of(
                        "record.product_id AS product_id",
                        "record.warehouse_id AS warehouse_id",
                        "record.quantity_on_hand AS quantity_on_hand",
                        "coalesce(record.payload.StockReserved.quantity, record.payload.StockReleased.quantity, "
                                + "record.payload.StockRestocked.quantity) AS quantity",
                        "record.payload.StockAdjusted.quantity_delta AS quantity_delta",
                        "coalesce(record.payload.StockReserved.order_id, record.payload.StockReleased.order_id) AS order_id",
                        "record.payload.StockRestocked.purchase_order_id AS purchase_order_id",
                        "coalesce(record.payload.StockReleased.reason, record.payload.StockAdjusted.reason) AS reason");
            case CUSTOMERS ->
                List.of(
                        "record.customer_id AS customer_id",
                        "pii_hash(lower(trim(pii_open(coalesce(record.payload.CustomerRegistered.email, "
                                + "record.payload.ProfileUpdated.email))))) "
                                + "AS email_hash",
                        "coalesce(record.payload.CustomerRegistered.country, record.payload.ProfileUpdated.country) AS country",
                        "coalesce(record.payload.CustomerRegistered.segment, record.payload.ProfileUpdated.segment) AS segment",
                        "coalesce(record.payload.CustomerRegistered.marketing_consent, "
                                + "record.payload.ConsentUpdated.marketing_consent) AS marketing_consent",
                        "record.payload.ConsentUpdated.analytics_consent AS analytics_consent",
                        "record.payload.CustomerLoggedIn.session_id AS session_id",
                        "coalesce(record.payload.CustomerRegistered.context.device, record.payload.CustomerLoggedIn.context.device) "
                                + "AS device",
                        "pii_hash(pii_open(coalesce(record.payload.CustomerRegistered.context.ip_address, "
                                + "record.payload.CustomerLoggedIn.context.ip_address))) AS ip_hash",
                        "ip_prefix(pii_open(coalesce(record.payload.CustomerRegistered.context.ip_address, "
                                + "record.payload.CustomerLoggedIn.context.ip_address))) AS ip_prefix",
                        "record.payload.ErasureRequested.request_id AS erasure_request_id",
                        "record.payload.ErasureRequested.channel AS erasure_channel");
            case CATALOG ->
                List.of(
                        "record.product_id AS product_id",
                        "record.payload.ProductCreated.sku AS sku",
                        "record.payload.ProductCreated.name AS name",
                        "record.payload.ProductCreated.category AS category",
                        "record.payload.ProductCreated.brand AS brand",
                        "coalesce(record.payload.ProductCreated.list_price.amount, record.payload.PriceChanged.new_price.amount) AS price",
                        "record.payload.PriceChanged.old_price.amount AS old_price",
                        "coalesce(record.payload.ProductCreated.list_price.currency, record.payload.PriceChanged.new_price.currency) "
                                + "AS currency",
                        "coalesce(record.payload.PriceChanged.reason, record.payload.ProductDiscontinued.reason) AS reason");
        };
        List<String> all = new ArrayList<>(ENVELOPE);
        all.addAll(body);
        all.addAll(LINEAGE);
        return all;
    }

    /** OrderPlaced lines, one row each, for {@code silver.order_items}. */
    public static final String ORDER_ITEMS_FROM = "record.payload.OrderPlaced IS NOT NULL";

    public static List<String> orderItems() {
        return List.of(
                "event_id",
                "event_time",
                "order_id",
                "customer_id",
                "line.line_number AS line_number",
                "line.product_id AS product_id",
                "line.quantity AS quantity",
                "line.unit_price.amount AS unit_price",
                "line.line_total.amount AS line_total",
                "line.line_total.currency AS currency",
                "ingest_time");
    }

    public static String silverTable(Domain d) {
        return "silver." + d.id();
    }
}
