package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.validation.state.CatalogState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Every product an event names is in the catalog and was not discontinued before the event's time. */
public class KnownProductRule implements Rule {

    private final CatalogState catalog;

    public KnownProductRule(CatalogState catalog) {
        this.catalog = catalog;
    }

    @Override
    public String code() {
        return "UNKNOWN_PRODUCT";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        if (event.get(event.getSchema().getField("payload").pos()) instanceof ProductCreated) {
            return Optional.empty();
        }
        Instant at = EventTimes.of(event);
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (field.name().equals("product_id") && value != null && !catalog.onSaleAt(value.toString(), at)) {
                problems.add(path + " '" + value + "' "
                        + (catalog.knows(value.toString())
                                ? "was discontinued before " + at
                                : "is not in the catalog"));
            }
        });
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
