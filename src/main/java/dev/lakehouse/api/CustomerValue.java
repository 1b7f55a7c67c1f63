package dev.lakehouse.api;

import dev.lakehouse.api.Kpis.CustomerSegment;
import dev.lakehouse.api.Kpis.CustomerSegments;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;

/**
 * Customer value per RFM segment, from the dbt mart {@code marts.mart_customer_lifetime_value} (one row per customer
 * who ordered, erased customers left out). Only aggregates leave this class: the mart has a row per person, which
 * the viewer role may not read, but may see summed over a segment.
 */
@ApplicationScoped
public class CustomerValue {

    /** The mart dbt builds (dbt/models/marts); the app only reads it. */
    public static final String MART_TABLE = "marts.mart_customer_lifetime_value";

    static final TableIdentifier MART = TableIdentifier.parse(MART_TABLE);

    /**
     * The segments the mart assigns (its accepted values), best first, with the names people read. A code the mart
     * adds later is shown under its code, after these.
     */
    static final Map<String, String> SEGMENT_NAMES = segmentNames();

    private final LakeCatalog lake;

    CustomerValue(LakeCatalog lake) {
        this.lake = lake;
    }

    public CustomerSegments segments() {
        Optional<Table> table = lake.load(MART);
        List<Map<String, Object>> rows =
                table.map(t -> TableRows.read(t, Expressions.alwaysTrue())).orElse(List.of());
        if (rows.isEmpty()) {
            return new CustomerSegments(null, 0, BigDecimal.ZERO, List.of());
        }
        Map<String, Totals> bySegment = new LinkedHashMap<>();
        SEGMENT_NAMES.keySet().forEach(code -> bySegment.put(code, new Totals()));
        Instant asOf = null;
        BigDecimal revenue = BigDecimal.ZERO;
        for (Map<String, Object> row : rows) {
            String code = String.valueOf(row.get("rfm_segment"));
            BigDecimal lifetime = decimal(row.get("lifetime_revenue"));
            bySegment.computeIfAbsent(code, c -> new Totals()).add(row, lifetime);
            revenue = revenue.add(lifetime);
            if (row.get("as_of_time") instanceof Instant at && (asOf == null || at.isAfter(asOf))) {
                asOf = at;
            }
        }
        List<CustomerSegment> segments = new ArrayList<>();
        for (var e : bySegment.entrySet()) {
            Totals t = e.getValue();
            segments.add(new CustomerSegment(
                    e.getKey(),
                    SEGMENT_NAMES.getOrDefault(e.getKey(), e.getKey()),
                    t.customers,
                    percent(BigDecimal.valueOf(t.customers), BigDecimal.valueOf(rows.size())),
                    ratio(BigDecimal.valueOf(t.orders), t.customers),
                    ratio(t.revenue, t.customers),
                    t.revenue,
                    percent(t.revenue, revenue),
                    ratio(BigDecimal.valueOf(t.recencyDays), t.customers)));
        }
        return new CustomerSegments(asOf, rows.size(), revenue, segments);
    }

    /** Running sums of one segment. */
    private static final class Totals {
        long customers;
        long orders;
        long recencyDays;
        BigDecimal revenue = BigDecimal.ZERO;

        void add(Map<String, Object> row, BigDecimal lifetime) {
            customers++;
            orders += ((Number) row.get("orders")).longValue();
            recencyDays += ((Number) row.get("recency_days")).longValue();
            revenue = revenue.add(lifetime);
        }
    }

    private static Map<String, String> segmentNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("champions", "Champions");
        names.put("loyal", "Loyal");
        names.put("promising", "Promising");
        names.put("new", "New");
        names.put("at_risk", "At risk");
        names.put("hibernating", "Hibernating");
        return java.util.Collections.unmodifiableMap(names);
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }

    /** {@code part / whole}, 2 decimals; null for an empty segment. */
    private static BigDecimal ratio(BigDecimal part, long whole) {
        return whole == 0 ? null : part.divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0
                ? null
                : part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
