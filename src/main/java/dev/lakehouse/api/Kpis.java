package dev.lakehouse.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the gold KPI endpoints (docs/api.md). Times are UTC instants, money is a number with its currency. */
public final class Kpis {

    private Kpis() {}

    /** Revenue and orders per minute and currency over the {@code minutes} up to the newest minute in gold. */
    public record Revenue(
            int minutes,
            Instant from,
            Instant to,
            Instant newestMinute,
            long ordersTotal,
            List<CurrencyTotal> totals,
            List<RevenuePoint> series) {}

    public record CurrencyTotal(String currency, BigDecimal revenue, long orders) {}

    public record RevenuePoint(Instant minute, String currency, BigDecimal revenue, long orders) {}

    /** The funnel per 5-minute window over the {@code windows} up to the newest one, and their sums. */
    public record Funnel(
            int windows,
            Instant from,
            Instant to,
            Instant newestWindow,
            FunnelTotals totals,
            List<FunnelWindow> series) {}

    public record FunnelWindow(
            Instant windowStart,
            Instant windowEnd,
            long sessions,
            long productViews,
            long carts,
            long checkouts,
            long orders) {}

    /** Sums of the windows; conversions are percentages of sessions, rounded to 2 decimals (null without sessions). */
    public record FunnelTotals(
            long sessions,
            long productViews,
            long carts,
            long checkouts,
            long orders,
            BigDecimal cartRate,
            BigDecimal checkoutRate,
            BigDecimal orderRate) {}

    public record TopProducts(Instant hour, Instant newestHour, List<TopProduct> products) {}

    /** {@code name} and {@code category} from silver.catalog; null while the catalog has not named the product. */
    public record TopProduct(int rank, String productId, String name, String category, long units, long orders) {}

    public record Stock(int limit, long productsTracked, List<StockLevel> products) {}

    public record StockLevel(
            String productId,
            String name,
            String category,
            long quantityOnHand,
            int warehouses,
            Instant lastEventTime) {}

    public record ActiveSessions(long activeSessions, Instant newestActivity) {}

    /**
     * Customers who ordered, per RFM segment (every segment listed, empty ones with 0 customers), from the dbt mart;
     * {@code asOf} = the newest order the mart saw, null while dbt has not built it. Revenue is gross, summed over
     * order currencies as the mart does.
     */
    public record CustomerSegments(Instant asOf, long customers, BigDecimal revenue, List<CustomerSegment> segments) {}

    public record CustomerSegment(
            String segment,
            String name,
            long customers,
            BigDecimal customerShare,
            BigDecimal avgOrders,
            BigDecimal avgLifetimeRevenue,
            BigDecimal revenue,
            BigDecimal revenueShare,
            BigDecimal avgRecencyDays) {}
}
