package dev.lakehouse.generator.simulation;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.common.SessionContext;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Wraps payloads into their domain's envelope and an {@link Emission}, with event ids from the
 * run's random generator and the key each domain is partitioned by. All-args constructors, not
 * builders: builders validate and copy defaults on every call, which shows at a million events.
 */
final class EventFactory {

    private static final int SCHEMA_VERSION = 1;

    private final SplittableRandom random;
    private final String currency;

    EventFactory(SplittableRandom random, String currency) {
        this.random = random;
        this.currency = currency;
    }

    Money money(long cents) {
        return new Money(BigDecimal.valueOf(cents, 2), currency);
    }

    Emission click(
            long at,
            String sessionId,
            String visitorId,
            String customerId,
            SessionContext context,
            SpecificRecord payload,
            Money amount) {
        String id = Ids.uuid(random);
        Instant time = Instant.ofEpochMilli(at);
        var event = new ClickstreamEvent(id, time, SCHEMA_VERSION, sessionId, visitorId, customerId, context, payload);
        return emission(
                Domain.CLICKSTREAM, customerId != null ? customerId : visitorId, id, payload, time, event, amount);
    }

    Emission order(long at, String orderId, String customerId, SpecificRecord payload, Money amount) {
        String id = Ids.uuid(random);
        Instant time = Instant.ofEpochMilli(at);
        var event = new OrderEvent(id, time, SCHEMA_VERSION, orderId, customerId, payload);
        return emission(Domain.ORDERS, customerId, id, payload, time, event, amount);
    }

    Emission inventory(long at, Product product, SpecificRecord payload) {
        String id = Ids.uuid(random);
        Instant time = Instant.ofEpochMilli(at);
        var event = new InventoryEvent(id, time, SCHEMA_VERSION, product.id, product.warehouse, product.stock, payload);
        return emission(Domain.INVENTORY, product.id, id, payload, time, event, null);
    }

    Emission customer(long at, String customerId, SpecificRecord payload) {
        String id = Ids.uuid(random);
        Instant time = Instant.ofEpochMilli(at);
        var event = new CustomerEvent(id, time, SCHEMA_VERSION, customerId, payload);
        return emission(Domain.CUSTOMERS, customerId, id, payload, time, event, null);
    }

    Emission catalog(long at, String productId, SpecificRecord payload, Money amount) {
        String id = Ids.uuid(random);
        Instant time = Instant.ofEpochMilli(at);
        var event = new CatalogEvent(id, time, SCHEMA_VERSION, productId, payload);
        return emission(Domain.CATALOG, productId, id, payload, time, event, amount);
    }

    private static Emission emission(
            Domain domain,
            String key,
            String id,
            SpecificRecord payload,
            Instant time,
            SpecificRecord event,
            Money amount) {
        return new Emission(
                domain,
                key,
                id,
                payload.getSchema().getName(),
                time,
                event,
                null,
                amount == null ? null : amount.getAmount(),
                amount == null ? null : amount.getCurrency(),
                null);
    }
}
