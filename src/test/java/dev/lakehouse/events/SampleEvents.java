package dev.lakehouse.events;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.common.Device;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.common.SessionContext;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.customers.CustomerRegistered;
import dev.lakehouse.events.customers.Segment;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.inventory.StockReserved;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated event per domain, every optional field set, for round-trip tests; the
 * products they name are created first, as the validator only passes events of known products.
 */
public final class SampleEvents {

    /** An event with the Kafka key its domain is keyed by. */
    public record Keyed(Domain domain, String key, String eventId, SpecificRecord event) {}

    private SampleEvents() {}

    public static List<Keyed> oneOfEach() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String customer = "c-" + UUID.randomUUID();
        String product = "p-" + UUID.randomUUID();
        String otherProduct = "p-" + UUID.randomUUID();
        Instant before = now.minusSeconds(3600);
        SessionContext context = SessionContext.newBuilder()
                .setDevice(Device.MOBILE)
                .setUserAgent("Mozilla/5.0 (Android 14)")
                .setIpAddress("203.0.113.7")
                .setReferrer("https://search.example/")
                .setUtmSource("newsletter")
                .setUtmMedium("email")
                .setUtmCampaign("black-friday")
                .build();

        ClickstreamEvent click = ClickstreamEvent.newBuilder()
                .setEventId(id())
                .setEventTime(now)
                .setSchemaVersion(1)
                .setSessionId("s-1")
                .setVisitorId("v-1")
                .setCustomerId(customer)
                .setContext(context)
                .setPayload(CartItemAdded.newBuilder()
                        .setCartId("cart-1")
                        .setProductId(product)
                        .setQuantity(2)
                        .setUnitPrice(eur("19.99"))
                        .build())
                .build();
        OrderEvent order = OrderEvent.newBuilder()
                .setEventId(id())
                .setEventTime(now)
                .setOrderId("o-1")
                .setCustomerId(customer)
                .setPayload(OrderPlaced.newBuilder()
                        .setSessionId("s-1")
                        .setLines(List.of(
                                OrderLine.newBuilder()
                                        .setLineNumber(1)
                                        .setProductId(product)
                                        .setQuantity(2)
                                        .setUnitPrice(eur("19.99"))
                                        .setLineTotal(eur("39.98"))
                                        .build(),
                                OrderLine.newBuilder()
                                        .setLineNumber(2)
                                        .setProductId(otherProduct)
                                        .setQuantity(1)
                                        .setUnitPrice(eur("5.00"))
                                        .setLineTotal(eur("5.00"))
                                        .build()))
                        .setSubtotal(eur("44.98"))
                        .setShipping(eur("4.90"))
                        .setTax(eur("8.55"))
                        .setTotal(eur("58.43"))
                        .setShippingCountry("DE")
                        .build())
                .build();
        InventoryEvent inventory = InventoryEvent.newBuilder()
                .setEventId(id())
                .setEventTime(now)
                .setProductId(product)
                .setWarehouseId("w-berlin")
                .setQuantityOnHand(98)
                .setPayload(StockReserved.newBuilder()
                        .setOrderId("o-1")
                        .setQuantity(2)
                        .build())
                .build();
        CustomerEvent registered = CustomerEvent.newBuilder()
                .setEventId(id())
                .setEventTime(now)
                .setCustomerId(customer)
                .setPayload(CustomerRegistered.newBuilder()
                        .setEmail("ada@example.com")
                        .setFirstName("Ada")
                        .setLastName("Lovelace")
                        .setCountry("GB")
                        .setSegment(Segment.LOYAL)
                        .setMarketingConsent(true)
                        .setContext(context)
                        .build())
                .build();
        CatalogEvent price = CatalogEvent.newBuilder()
                .setEventId(id())
                .setEventTime(now)
                .setProductId(product)
                .setPayload(PriceChanged.newBuilder()
                        .setOldPrice(eur("24.99"))
                        .setNewPrice(eur("19.99"))
                        .setReason("promotion")
                        .build())
                .build();
        CatalogEvent created = productCreated(product, "19.99", before);
        CatalogEvent otherCreated = productCreated(otherProduct, "5.00", before);
        return List.of(
                new Keyed(Domain.CATALOG, product, created.getEventId(), created),
                new Keyed(Domain.CATALOG, otherProduct, otherCreated.getEventId(), otherCreated),
                new Keyed(Domain.CLICKSTREAM, customer, click.getEventId(), click),
                new Keyed(Domain.ORDERS, customer, order.getEventId(), order),
                new Keyed(Domain.INVENTORY, product, inventory.getEventId(), inventory),
                new Keyed(Domain.CUSTOMERS, customer, registered.getEventId(), registered),
                new Keyed(Domain.CATALOG, product, price.getEventId(), price));
    }

    public static CatalogEvent productCreated(String productId, String price, Instant at) {
        return CatalogEvent.newBuilder()
                .setEventId(id())
                .setEventTime(at)
                .setProductId(productId)
                .setPayload(ProductCreated.newBuilder()
                        .setSku("SKU-" + productId.substring(2, 10))
                        .setName("Trail shoe")
                        .setCategory("shoes")
                        .setBrand("Acme")
                        .setListPrice(eur(price))
                        .build())
                .build();
    }

    /** The first sample of a domain, e.g. the order. */
    public static Keyed first(List<Keyed> samples, Domain domain) {
        return samples.stream()
                .filter(k -> k.domain() == domain
                        && !(k.event() instanceof CatalogEvent c && c.getPayload() instanceof ProductCreated))
                .findFirst()
                .orElseThrow();
    }

    public static Money eur(String amount) {
        return Money.newBuilder()
                .setAmount(new BigDecimal(amount))
                .setCurrency("EUR")
                .build();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
