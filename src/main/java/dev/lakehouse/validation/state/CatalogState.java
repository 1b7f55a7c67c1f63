package dev.lakehouse.validation.state;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.events.catalog.ProductDiscontinued;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which products exist, and from when to when, as the catalog topic tells. Its size is the
 * catalog's size (one small entry per product), which is bounded by the business, not by traffic.
 */
public class CatalogState {

    private record Lifetime(Instant created, Instant discontinued) {}

    private final Map<String, Lifetime> products = new ConcurrentHashMap<>();

    public void apply(CatalogEvent event) {
        String id = event.getProductId();
        if (event.getPayload() instanceof ProductCreated) {
            products.merge(
                    id,
                    new Lifetime(event.getEventTime(), null),
                    (old, created) -> new Lifetime(min(old.created(), created.created()), old.discontinued()));
        } else if (event.getPayload() instanceof ProductDiscontinued) {
            products.computeIfPresent(id, (key, old) -> new Lifetime(old.created(), event.getEventTime()));
        }
    }

    /**
     * True if the catalog knows the product and it was not discontinued before {@code at}. When it
     * was created does not count: a late event may carry a time before a catalog entry that was
     * loaded or backdated later, and that is no reason to reject it.
     */
    public boolean onSaleAt(String productId, Instant at) {
        Lifetime lifetime = products.get(productId);
        return lifetime != null
                && (lifetime.discontinued() == null || lifetime.discontinued().isAfter(at));
    }

    public boolean knows(String productId) {
        return products.containsKey(productId);
    }

    public int size() {
        return products.size();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
