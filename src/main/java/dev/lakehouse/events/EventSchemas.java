package dev.lakehouse.events;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.orders.OrderEvent;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The app's side of {@link Domain}: the value schema of each domain as the generated classes carry
 * it. It lives here, not in the shared enum, because the generated classes exist only in the app's
 * build (the Spark jobs parse the same .avsc files at run time).
 */
public final class EventSchemas {

    private EventSchemas() {}

    public static Schema of(Domain domain) {
        return switch (domain) {
            case CLICKSTREAM -> ClickstreamEvent.getClassSchema();
            case ORDERS -> OrderEvent.getClassSchema();
            case INVENTORY -> InventoryEvent.getClassSchema();
            case CUSTOMERS -> CustomerEvent.getClassSchema();
            case CATALOG -> CatalogEvent.getClassSchema();
        };
    }

    public static Domain domainOf(SpecificRecord record) {
        return Domain.ofRecordName(record.getSchema().getFullName());
    }
}
