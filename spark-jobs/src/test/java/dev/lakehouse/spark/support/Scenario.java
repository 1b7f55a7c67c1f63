package dev.lakehouse.spark.support;

import static dev.lakehouse.spark.support.GenericEvents.context;
import static dev.lakehouse.spark.support.GenericEvents.envelope;
import static dev.lakehouse.spark.support.GenericEvents.money;
import static dev.lakehouse.spark.support.GenericEvents.orderLine;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic shop day in miniature: products, customers, sessions with views/carts/checkouts, orders with
 * lines in two currencies, stock movements in two warehouses. Seeded, so every run builds the same events.
 */
public final class Scenario {
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final Random random;
    private final List<TestEvent> events = new ArrayList<>();
    private long ids;
    private final String seedTag;

    public Scenario(long seed) {
        this.random = new Random(seed);
        this.seedTag = Long.toHexString(seed);
    }

    public List<TestEvent> events() {
        return events;
    }

    public String newId() {
        return new UUID(0x5ca1ab1eL ^ seedTag.hashCode(), ++ids).toString();
    }

    private TestEvent add(TestEvent e) {
        events.add(e);
        return e;
    }

    public static String product(int i) {
        return "p" + i;
    }

    /** Catalog, customers, {@code sessions} visits from T0, an order for some of them, and stock movements. */
    public Scenario shopDay(int sessions, Instant start) {
        for (int p = 1; p <= 6; p++) {
            add(envelope(
                    Domain.CATALOG,
                    newId(),
                    start.minusSeconds(600 - p),
                    product(p),
                    Map.of("product_id", product(p)),
                    "ProductCreated",
                    Map.of(
                            "sku",
                            "SKU-" + p,
                            "name",
                            "Product " + p,
                            "category",
                            p % 2 == 0 ? "shoes" : "hats",
                            "brand",
                            "Acme",
                            "list_price",
                            money(Domain.CATALOG, (10 + p) + ".50", "EUR"))));
        }
        for (int c = 1; c <= 4; c++) {
            add(envelope(
                    Domain.CUSTOMERS,
                    newId(),
                    start.minusSeconds(300 - c),
                    "c" + c,
                    Map.of("customer_id", "c" + c),
                    "CustomerRegistered",
                    Map.of(
                            "email",
                            " User" + c + "@Example.COM",
                            "first_name",
                            "First" + c,
                            "last_name",
                            "Last" + c,
                            "country",
                            "DE",
                            "segment",
                            "REGULAR",
                            "marketing_consent",
                            c % 2 == 0,
                            "context",
                            context(Domain.CUSTOMERS, "MOBILE", "192.168.7." + c))));
        }
        for (int s = 1; s <= sessions; s++) {
            String session = "s" + seedTag + "-" + s;
            String customer = s % 3 == 0 ? null : "c" + (1 + s % 4);
            String visitor = "v" + s;
            String key = customer == null ? visitor : customer;
            Instant t = start.plus(Duration.ofSeconds(90L * s));
            Map<String, Object> top = new HashMap<>();
            top.put("session_id", session);
            top.put("visitor_id", visitor);
            top.put("customer_id", customer);
            top.put("context", context(Domain.CLICKSTREAM, "DESKTOP", "10.0." + s + ".9"));
            add(envelope(
                    Domain.CLICKSTREAM, newId(), t, key, top, "PageViewed", Map.of("page_type", "HOME", "url", "/")));
            int views = 1 + random.nextInt(3);
            List<Integer> viewed = new ArrayList<>();
            for (int v = 0; v < views; v++) {
                t = t.plusSeconds(20);
                int p = 1 + random.nextInt(6);
                viewed.add(p);
                add(envelope(
                        Domain.CLICKSTREAM,
                        newId(),
                        t,
                        key,
                        top,
                        "ProductViewed",
                        Map.of("product_id", product(p), "price", money(Domain.CLICKSTREAM, (10 + p) + ".50", "EUR"))));
            }
            if (random.nextInt(4) == 0) {
                continue; // bounced after viewing
            }
            String cart = "cart-" + session;
            t = t.plusSeconds(15);
            int p = viewed.get(0);
            int qty = 1 + random.nextInt(3);
            add(envelope(
                    Domain.CLICKSTREAM,
                    newId(),
                    t,
                    key,
                    top,
                    "CartItemAdded",
                    Map.of(
                            "cart_id",
                            cart,
                            "product_id",
                            product(p),
                            "quantity",
                            qty,
                            "unit_price",
                            money(Domain.CLICKSTREAM, (10 + p) + ".50", "EUR"))));
            if (customer == null || random.nextInt(3) == 0) {
                continue; // abandoned cart
            }
            t = t.plusSeconds(30);
            add(envelope(
                    Domain.CLICKSTREAM,
                    newId(),
                    t,
                    key,
                    top,
                    "CheckoutStarted",
                    Map.of(
                            "cart_id",
                            cart,
                            "item_count",
                            qty,
                            "cart_value",
                            money(Domain.CLICKSTREAM, "1.00", "EUR"))));
            t = t.plusSeconds(10);
            placeOrder(t, customer, session, s % 2 == 0 ? "USD" : "EUR", p, qty);
            add(envelope(
                    Domain.INVENTORY,
                    newId(),
                    t.plusSeconds(1),
                    product(p),
                    Map.of(
                            "product_id",
                            product(p),
                            "warehouse_id",
                            "w" + (1 + s % 2),
                            "quantity_on_hand",
                            100 - s * qty),
                    "StockReserved",
                    Map.of("order_id", "o-" + session, "quantity", qty)));
        }
        for (int p = 1; p <= 4; p++) {
            add(envelope(
                    Domain.INVENTORY,
                    newId(),
                    start.plusSeconds(5L * p),
                    product(p),
                    Map.of("product_id", product(p), "warehouse_id", "w3", "quantity_on_hand", 40 + p),
                    "StockRestocked",
                    Map.of("purchase_order_id", "po" + p, "quantity", 40 + p)));
        }
        return this;
    }

    public TestEvent placeOrder(Instant t, String customer, String session, String currency, int product, int qty) {
        String unit = (10 + product) + ".50";
        var lines = new ArrayList<org.apache.avro.generic.GenericRecord>();
        lines.add(orderLine(1, product(product), qty, unit, currency));
        java.math.BigDecimal subtotal = new java.math.BigDecimal(unit).multiply(java.math.BigDecimal.valueOf(qty));
        if (product % 2 == 1) {
            lines.add(orderLine(2, product(product + 1), 1, "3.25", currency));
            subtotal = subtotal.add(new java.math.BigDecimal("3.25"));
        }
        java.math.BigDecimal shipping = new java.math.BigDecimal("4.90");
        java.math.BigDecimal tax =
                subtotal.multiply(new java.math.BigDecimal("0.19")).setScale(2, java.math.RoundingMode.HALF_UP);
        Map<String, Object> payload = new HashMap<>();
        payload.put("session_id", session);
        payload.put("lines", lines);
        payload.put("subtotal", money(Domain.ORDERS, subtotal.toPlainString(), currency));
        payload.put("shipping", money(Domain.ORDERS, "4.90", currency));
        payload.put("tax", money(Domain.ORDERS, tax.toPlainString(), currency));
        payload.put(
                "total", money(Domain.ORDERS, subtotal.add(shipping).add(tax).toPlainString(), currency));
        payload.put("shipping_country", "DE");
        TestEvent placed = add(envelope(
                Domain.ORDERS,
                newId(),
                t,
                customer,
                Map.of("order_id", "o-" + session, "customer_id", customer),
                "OrderPlaced",
                payload));
        add(envelope(
                Domain.ORDERS,
                newId(),
                t.plusSeconds(2),
                customer,
                Map.of("order_id", "o-" + session, "customer_id", customer),
                "OrderPaid",
                Map.of(
                        "payment_id",
                        "pay-" + session,
                        "method",
                        "CARD",
                        "amount",
                        money(Domain.ORDERS, subtotal.add(shipping).add(tax).toPlainString(), currency))));
        return placed;
    }

    public TestEvent click(Instant t, String session, String product) {
        Map<String, Object> top = new HashMap<>();
        top.put("session_id", session);
        top.put("visitor_id", "v-" + session);
        top.put("customer_id", null);
        top.put("context", context(Domain.CLICKSTREAM, "APP", "2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        return add(envelope(
                Domain.CLICKSTREAM,
                newId(),
                t,
                "v-" + session,
                top,
                "ProductViewed",
                Map.of("product_id", product, "price", money(Domain.CLICKSTREAM, "9.99", "EUR"))));
    }

    /** The customer asks to be erased (GDPR art. 17). */
    public TestEvent requestErasure(Instant t, String customer, String requestId) {
        return add(envelope(
                Domain.CUSTOMERS,
                newId(),
                t,
                customer,
                Map.of("customer_id", customer),
                "ErasureRequested",
                Map.of("request_id", requestId, "channel", "privacy-api")));
    }

    public TestEvent updateConsent(Instant t, String customer, boolean marketing) {
        return add(envelope(
                Domain.CUSTOMERS,
                newId(),
                t,
                customer,
                Map.of("customer_id", customer),
                "ConsentUpdated",
                Map.of("marketing_consent", marketing, "analytics_consent", true)));
    }
}
