package dev.lakehouse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.events.catalog.ProductDiscontinued;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.clickstream.PageViewed;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.customers.CustomerLoggedIn;
import dev.lakehouse.events.customers.CustomerRegistered;
import dev.lakehouse.events.customers.ErasureRequested;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.inventory.StockAdjusted;
import dev.lakehouse.events.inventory.StockReleased;
import dev.lakehouse.events.inventory.StockReserved;
import dev.lakehouse.events.inventory.StockRestocked;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A week of the simulated shop (about 65k visits) read back from its events alone, as a
 * downstream consumer would see them: funnel rates inside the configured bands, seasonality,
 * and the store's consistency rules.
 */
class RealismTest {

    static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    /** What a consumer can reconstruct from the stream; asserts the consistency rules as it goes. */
    static final class World {
        final Map<String, BigDecimal> activePrice = new HashMap<>();
        final Map<String, Integer> onHand = new HashMap<>();
        final Set<String> registered = new HashSet<>();
        final Set<String> loggedIn = new HashSet<>();
        final Set<String> erased = new HashSet<>();
        final Map<String, Instant> sessionStart = new HashMap<>();
        final Set<String> sessionsWithCart = new HashSet<>();
        final Set<String> sessionsWithOrder = new HashSet<>();
        final long[] sessionsPerHourOfDay = new long[24];
        final Map<DayOfWeek, Long> sessionsPerDay = new HashMap<>();
        long orders;
        long priceChanges;
        long discontinued;
        long restocks;

        /** Plain checks, not AssertJ, on this path: it runs for every one of about 500k events. */
        static void check(boolean holds, String rule, Object event) {
            if (!holds) {
                throw new AssertionError(rule + ": " + event);
            }
        }

        void accept(Emission e) {
            Object event = e.event();
            if (event instanceof CatalogEvent c) {
                catalog(c);
            } else if (event instanceof InventoryEvent i) {
                inventory(i);
            } else if (event instanceof CustomerEvent c) {
                customer(c);
            } else if (event instanceof ClickstreamEvent c) {
                click(c);
            } else if (event instanceof OrderEvent o) {
                order(o);
            } else {
                throw new AssertionError(e);
            }
        }

        void catalog(CatalogEvent c) {
            Object payload = c.getPayload();
            if (payload instanceof ProductCreated p) {
                activePrice.put(c.getProductId(), p.getListPrice().getAmount());
            } else if (payload instanceof PriceChanged p) {
                check(activePrice.containsKey(c.getProductId()), "price change of an unlisted product", c);
                check(
                        p.getOldPrice().getAmount().equals(activePrice.get(c.getProductId())),
                        "old price is not the current price",
                        c);
                check(p.getNewPrice().getAmount().signum() > 0, "new price not positive", c);
                activePrice.put(c.getProductId(), p.getNewPrice().getAmount());
                priceChanges++;
            } else if (payload instanceof ProductDiscontinued) {
                check(activePrice.remove(c.getProductId()) != null, "discontinued an unlisted product", c);
                discontinued++;
            } else {
                throw new AssertionError(c);
            }
        }

        void inventory(InventoryEvent i) {
            int before = onHand.getOrDefault(i.getProductId(), 0);
            Object payload = i.getPayload();
            int delta;
            if (payload instanceof StockReserved r) {
                delta = -r.getQuantity();
            } else if (payload instanceof StockReleased r) {
                delta = r.getQuantity();
            } else if (payload instanceof StockRestocked r) {
                restocks++;
                delta = r.getQuantity();
            } else if (payload instanceof StockAdjusted a) {
                delta = a.getQuantityDelta();
            } else {
                throw new AssertionError(i);
            }
            check(
                    i.getQuantityOnHand() == before + delta,
                    "on hand does not follow the previous stock and the change",
                    i);
            check(i.getQuantityOnHand() >= 0, "negative stock", i);
            onHand.put(i.getProductId(), i.getQuantityOnHand());
        }

        void customer(CustomerEvent c) {
            check(!erased.contains(c.getCustomerId()), "account event after erasure", c);
            Object payload = c.getPayload();
            if (payload instanceof CustomerRegistered) {
                check(registered.add(c.getCustomerId()), "registered twice", c);
            } else if (payload instanceof CustomerLoggedIn) {
                check(registered.contains(c.getCustomerId()), "login before registration", c);
                loggedIn.add(c.getCustomerId());
            } else if (payload instanceof ErasureRequested) {
                erased.add(c.getCustomerId());
            } else {
                check(registered.contains(c.getCustomerId()), "account event before registration", c);
            }
        }

        void click(ClickstreamEvent c) {
            if (c.getCustomerId() != null) {
                check(loggedIn.contains(c.getCustomerId()), "click carries a customer id before any login", c);
                check(!erased.contains(c.getCustomerId()), "click of an erased customer", c);
            }
            if (c.getPayload() instanceof PageViewed && !sessionStart.containsKey(c.getSessionId())) {
                sessionStart.put(c.getSessionId(), c.getEventTime());
                ZonedDateTime t = c.getEventTime().atZone(ZoneOffset.UTC);
                sessionsPerHourOfDay[t.getHour()]++;
                sessionsPerDay.merge(t.getDayOfWeek(), 1L, Long::sum);
            }
            if (c.getPayload() instanceof CartItemAdded add) {
                check(activePrice.containsKey(add.getProductId()), "cart add of an unlisted product", c);
                check(
                        add.getUnitPrice().getAmount().equals(activePrice.get(add.getProductId())),
                        "cart add not at the current price",
                        c);
                sessionsWithCart.add(c.getSessionId());
            }
        }

        void order(OrderEvent o) {
            if (!(o.getPayload() instanceof OrderPlaced placed)) {
                return;
            }
            orders++;
            check(registered.contains(o.getCustomerId()), "order of a customer not registered before", o);
            check(loggedIn.contains(o.getCustomerId()), "order of a customer never logged in", o);
            check(!erased.contains(o.getCustomerId()), "order of an erased customer", o);
            BigDecimal sum = BigDecimal.ZERO;
            for (OrderLine line : placed.getLines()) {
                check(
                        activePrice.containsKey(line.getProductId()),
                        "order line of a product not listed at order time",
                        o);
                check(
                        line.getUnitPrice().getAmount().equals(activePrice.get(line.getProductId())),
                        "order line not at the current price",
                        o);
                check(
                        line.getLineTotal()
                                .getAmount()
                                .equals(line.getUnitPrice()
                                        .getAmount()
                                        .multiply(BigDecimal.valueOf(line.getQuantity()))),
                        "line total is not price x quantity",
                        o);
                sum = sum.add(line.getLineTotal().getAmount());
            }
            check(placed.getSubtotal().getAmount().equals(sum), "subtotal is not the sum of the lines", o);
            check(
                    placed.getTotal()
                            .getAmount()
                            .equals(sum.add(placed.getShipping().getAmount())
                                    .add(placed.getTax().getAmount())),
                    "total is not subtotal + shipping + tax",
                    o);
            sessionsWithOrder.add(placed.getSessionId());
        }
    }

    @Test
    void aWeekOfVisitsIsRealisticAndConsistent() {
        World world = simulateWeek(GeneratorSettings.defaults(7, MONDAY).withSessionsPerHour(400));
        long sessions = world.sessionStart.size();
        double conversion = (double) world.sessionsWithOrder.size() / sessions;
        double abandonment = 1 - (double) world.sessionsWithOrder.size() / world.sessionsWithCart.size();
        System.out.printf(
                "sessions %d, conversion %.4f, abandonment %.4f, orders %d%n",
                sessions, conversion, abandonment, world.orders);

        assertThat(sessions).as("visits in a week at 400/h").isBetween(55_000L, 80_000L);
        assertThat(conversion)
                .as("session-to-order conversion (configured 3 %%)")
                .isCloseTo(0.03, within(0.004))
                .isBetween(0.02, 0.04);
        assertThat(abandonment).as("cart abandonment (configured 70 %%)").isCloseTo(0.70, within(0.03));
        assertThat(world.priceChanges).as("price changes in a week at 24/day").isBetween(120L, 220L);
        assertThat(world.discontinued).isPositive();
        assertThat(world.restocks).as("restocks beyond the initial stock").isGreaterThan(400L);
        assertThat(world.erased).as("erasure requests").isNotEmpty();

        long night = world.sessionsPerHourOfDay[2] + world.sessionsPerHourOfDay[3] + world.sessionsPerHourOfDay[4];
        long evening = world.sessionsPerHourOfDay[19] + world.sessionsPerHourOfDay[20] + world.sessionsPerHourOfDay[21];
        assertThat(evening).as("evening visits vs night visits").isGreaterThan(night * 5);
        long weekend = world.sessionsPerDay.get(DayOfWeek.SATURDAY) + world.sessionsPerDay.get(DayOfWeek.SUNDAY);
        long midweek = world.sessionsPerDay.get(DayOfWeek.TUESDAY) + world.sessionsPerDay.get(DayOfWeek.WEDNESDAY);
        assertThat((double) weekend / midweek).as("weekend vs midweek visits").isGreaterThan(1.1);
    }

    @Test
    void theFunnelFollowsOtherConfiguredRates() {
        World world = simulateDays(
                GeneratorSettings.defaults(11, MONDAY).withSessionsPerHour(1500).withFunnel(0.06, 0.55), 2);
        long sessions = world.sessionStart.size();
        double conversion = (double) world.sessionsWithOrder.size() / sessions;
        double abandonment = 1 - (double) world.sessionsWithOrder.size() / world.sessionsWithCart.size();
        assertThat(conversion).as("conversion configured at 6 %%").isCloseTo(0.06, within(0.006));
        assertThat(abandonment).as("abandonment configured at 55 %%").isCloseTo(0.55, within(0.03));
    }

    static World simulateWeek(GeneratorSettings settings) {
        return simulateDays(settings, 7);
    }

    static World simulateDays(GeneratorSettings settings, int days) {
        Simulation simulation = new Simulation(settings);
        World world = new World();
        Instant end = settings.from().plusSeconds(days * 86_400L);
        // Visits that started before the end get an hour to finish, so none is cut off mid-funnel.
        Instant drain = end.plusSeconds(3600);
        for (Emission e = simulation.next(); e.eventTime().isBefore(drain); e = simulation.next()) {
            if (e.event() instanceof ClickstreamEvent c
                    && c.getPayload() instanceof PageViewed
                    && !world.sessionStart.containsKey(c.getSessionId())
                    && !c.getEventTime().isBefore(end)) {
                continue;
            }
            world.accept(e);
        }
        return world;
    }
}
