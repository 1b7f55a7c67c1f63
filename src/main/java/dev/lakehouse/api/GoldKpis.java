package dev.lakehouse.api;

import dev.lakehouse.api.Kpis.ActiveSessions;
import dev.lakehouse.api.Kpis.CurrencyTotal;
import dev.lakehouse.api.Kpis.Funnel;
import dev.lakehouse.api.Kpis.FunnelTotals;
import dev.lakehouse.api.Kpis.FunnelWindow;
import dev.lakehouse.api.Kpis.Revenue;
import dev.lakehouse.api.Kpis.RevenuePoint;
import dev.lakehouse.api.Kpis.Stock;
import dev.lakehouse.api.Kpis.StockLevel;
import dev.lakehouse.api.Kpis.TopProduct;
import dev.lakehouse.api.Kpis.TopProducts;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * The KPIs from the gold tables that spark-jobs keeps live. Windows are counted back from the newest row in the
 * table, not from the wall clock: the generator may backfill simulated time, and a paused stream should still
 * show its last hour.
 */
@ApplicationScoped
public class GoldKpis {

    static final TableIdentifier REVENUE = TableIdentifier.parse(LakeTables.GOLD_REVENUE);
    static final TableIdentifier FUNNEL = TableIdentifier.parse(LakeTables.GOLD_FUNNEL);
    static final TableIdentifier TOP_PRODUCTS = TableIdentifier.parse(LakeTables.GOLD_TOP_PRODUCTS);
    static final TableIdentifier STOCK = TableIdentifier.parse(LakeTables.GOLD_STOCK);
    static final TableIdentifier SESSIONS = TableIdentifier.parse(LakeTables.GOLD_SESSIONS);

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final LakeCatalog lake;
    private final ProductNames names;

    GoldKpis(LakeCatalog lake, ProductNames names) {
        this.lake = lake;
        this.names = names;
    }

    public Revenue revenue(int minutes) {
        Optional<Table> table = lake.load(REVENUE);
        Optional<Instant> newest = table.flatMap(t -> TableRows.newest(t, "minute"));
        if (newest.isEmpty()) {
            return new Revenue(minutes, null, null, null, 0, List.of(), List.of());
        }
        Instant to = newest.get().plus(Duration.ofMinutes(1));
        Instant from = to.minus(Duration.ofMinutes(minutes));
        List<RevenuePoint> series = new ArrayList<>();
        for (Map<String, Object> row : TableRows.read(table.get(), between("minute", from, to))) {
            series.add(new RevenuePoint(
                    (Instant) row.get("minute"), (String) row.get("currency"), (BigDecimal) row.get("revenue"), (Long)
                            row.get("orders")));
        }
        series.sort(Comparator.comparing(RevenuePoint::minute).thenComparing(RevenuePoint::currency));
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, Long> orders = new TreeMap<>();
        for (RevenuePoint point : series) {
            revenue.merge(point.currency(), point.revenue(), BigDecimal::add);
            orders.merge(point.currency(), point.orders(), Long::sum);
        }
        List<CurrencyTotal> totals = new ArrayList<>();
        revenue.forEach((currency, sum) -> totals.add(new CurrencyTotal(currency, sum, orders.get(currency))));
        // The currency with the most revenue first: the dashboard's headline figure.
        totals.sort(Comparator.comparing(CurrencyTotal::revenue).reversed().thenComparing(CurrencyTotal::currency));
        long ordersTotal = orders.values().stream().mapToLong(Long::longValue).sum();
        return new Revenue(minutes, from, to, newest.get(), ordersTotal, totals, series);
    }

    public Funnel funnel(int windows) {
        Optional<Table> table = lake.load(FUNNEL);
        Optional<Instant> newest = table.flatMap(t -> TableRows.newest(t, "window_start"));
        if (newest.isEmpty()) {
            return new Funnel(windows, null, null, null, new FunnelTotals(0, 0, 0, 0, 0, null, null, null), List.of());
        }
        Instant to = newest.get().plus(FIVE_MINUTES);
        Instant from = to.minus(FIVE_MINUTES.multipliedBy(windows));
        List<FunnelWindow> series = new ArrayList<>();
        for (Map<String, Object> row : TableRows.read(table.get(), between("window_start", from, to))) {
            series.add(new FunnelWindow(
                    (Instant) row.get("window_start"),
                    (Instant) row.get("window_end"),
                    (Long) row.get("sessions"),
                    (Long) row.get("product_views"),
                    (Long) row.get("carts"),
                    (Long) row.get("checkouts"),
                    (Long) row.get("orders")));
        }
        series.sort(Comparator.comparing(FunnelWindow::windowStart));
        long sessions = series.stream().mapToLong(FunnelWindow::sessions).sum();
        long carts = series.stream().mapToLong(FunnelWindow::carts).sum();
        long checkouts = series.stream().mapToLong(FunnelWindow::checkouts).sum();
        long orders = series.stream().mapToLong(FunnelWindow::orders).sum();
        FunnelTotals totals = new FunnelTotals(
                sessions,
                series.stream().mapToLong(FunnelWindow::productViews).sum(),
                carts,
                checkouts,
                orders,
                percent(carts, sessions),
                percent(checkouts, sessions),
                percent(orders, sessions));
        return new Funnel(windows, from, to, newest.get(), totals, series);
    }

    /** The top products of an hour; null: the newest hour in gold. */
    public TopProducts topProducts(Instant hour) {
        Optional<Table> table = lake.load(TOP_PRODUCTS);
        Optional<Instant> newest = table.flatMap(t -> TableRows.newest(t, "hour"));
        Instant chosen = hour != null ? hour : newest.orElse(null);
        if (chosen == null) {
            return new TopProducts(null, null, List.of());
        }
        List<TopProduct> products = new ArrayList<>();
        for (Map<String, Object> row : TableRows.read(table.get(), Expressions.equal("hour", micros(chosen)))) {
            String id = (String) row.get("product_id");
            ProductNames.Product product = names.of(id);
            products.add(new TopProduct(
                    (Integer) row.get("rank"), id, product.name(), product.category(), (Long) row.get("units"), (Long)
                            row.get("orders")));
        }
        products.sort(Comparator.comparingInt(TopProduct::rank));
        return new TopProducts(chosen, newest.orElse(null), products);
    }

    /** The products with the least stock on hand, fewest first (ties by product id). */
    public Stock lowestStock(int limit) {
        Optional<Table> table = lake.load(STOCK);
        if (table.isEmpty()) {
            return new Stock(limit, 0, List.of());
        }
        List<StockLevel> all = new ArrayList<>();
        for (Map<String, Object> row : TableRows.read(table.get(), Expressions.alwaysTrue())) {
            String id = (String) row.get("product_id");
            ProductNames.Product product = names.of(id);
            all.add(new StockLevel(
                    id,
                    product.name(),
                    product.category(),
                    (Long) row.get("quantity_on_hand"),
                    (Integer) row.get("warehouses"),
                    (Instant) row.get("last_event_time")));
        }
        all.sort(Comparator.comparingLong(StockLevel::quantityOnHand).thenComparing(StockLevel::productId));
        return new Stock(limit, all.size(), List.copyOf(all.subList(0, Math.min(limit, all.size()))));
    }

    /** Sessions in gold.active_sessions: spark-jobs keeps there only those active at the newest clickstream event. */
    public ActiveSessions activeSessions() {
        Optional<Table> table = lake.load(SESSIONS);
        if (table.isEmpty()) {
            return new ActiveSessions(0, null);
        }
        List<Map<String, Object>> rows = TableRows.read(table.get(), Expressions.alwaysTrue());
        Instant newest = rows.stream()
                .map(r -> (Instant) r.get("last_seen"))
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
        return new ActiveSessions(rows.size(), newest);
    }

    private static Expression between(String column, Instant from, Instant to) {
        return Expressions.and(
                Expressions.greaterThanOrEqual(column, micros(from)), Expressions.lessThan(column, micros(to)));
    }

    private static long micros(Instant instant) {
        return DateTimeUtil.microsFromInstant(instant);
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0
                ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
