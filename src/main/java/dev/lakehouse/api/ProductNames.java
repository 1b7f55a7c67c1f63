package dev.lakehouse.api;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;

/**
 * What people call a product: its name, category and brand from {@code silver.catalog}, so the KPIs show names where
 * gold keeps only ids. The newest catalog event that carries a name wins (a rename is a newer event). Read again only
 * when the table has a new snapshot: the dashboard asks every few seconds, the catalog changes seldom.
 */
@ApplicationScoped
public class ProductNames {

    static final TableIdentifier CATALOG = TableIdentifier.parse(LakeTables.SILVER_CATALOG);

    /** A product as the catalog names it; any part may be null if the catalog never said it. */
    public record Product(String name, String category, String brand) {
        static final Product UNKNOWN = new Product(null, null, null);
    }

    private record Read(long snapshotId, Map<String, Product> byId) {}

    private final LakeCatalog lake;
    private volatile Read last = new Read(-1, Map.of());

    ProductNames(LakeCatalog lake) {
        this.lake = lake;
    }

    /** The product's names; {@link Product#UNKNOWN} for an id the catalog has not named (yet). */
    public Product of(String productId) {
        return byId().getOrDefault(productId, Product.UNKNOWN);
    }

    private Map<String, Product> byId() {
        Optional<Table> table = lake.load(CATALOG);
        Snapshot current = table.map(Table::currentSnapshot).orElse(null);
        if (current == null) {
            return Map.of();
        }
        Read read = last;
        if (read.snapshotId() != current.snapshotId()) {
            read = new Read(current.snapshotId(), read(table.get(), current.snapshotId()));
            last = read;
        }
        return read.byId();
    }

    private static Map<String, Product> read(Table table, long snapshotId) {
        Map<String, Product> byId = new HashMap<>();
        Map<String, Instant> namedAt = new HashMap<>();
        for (Map<String, Object> row :
                TableRows.read(table, snapshotId, Expressions.notNull("name"), Integer.MAX_VALUE)) {
            String id = (String) row.get("product_id");
            Instant at = (Instant) row.get("event_time");
            if (id == null || at == null) {
                continue;
            }
            Instant before = namedAt.get(id);
            if (before == null || at.isAfter(before)) {
                namedAt.put(id, at);
                byId.put(id, new Product((String) row.get("name"), (String) row.get("category"), (String)
                        row.get("brand")));
            }
        }
        return Map.copyOf(byId);
    }
}
