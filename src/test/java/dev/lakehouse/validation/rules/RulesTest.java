package dev.lakehouse.validation.rules;

import static dev.lakehouse.events.SampleEvents.eur;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.ProductDiscontinued;
import dev.lakehouse.events.clickstream.CartItemAdded;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.inventory.InventoryEvent;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.validation.state.CatalogState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule: a record that keeps it passes, a record that breaks it fails with a readable reason. */
class RulesTest {

    private final List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
    private final OrderEvent order =
            (OrderEvent) SampleEvents.first(samples, Domain.ORDERS).event();
    private final ClickstreamEvent click =
            (ClickstreamEvent) SampleEvents.first(samples, Domain.CLICKSTREAM).event();
    private final InventoryEvent stock =
            (InventoryEvent) SampleEvents.first(samples, Domain.INVENTORY).event();

    private static Optional<String> check(Rule rule, SpecificRecord event) {
        return rule.check(EventSchemas.domainOf(event), event);
    }

    private OrderEvent withPlaced(java.util.function.Consumer<OrderPlaced.Builder> change) {
        OrderPlaced.Builder placed = OrderPlaced.newBuilder((OrderPlaced) order.getPayload());
        change.accept(placed);
        return OrderEvent.newBuilder(order).setPayload(placed.build()).build();
    }

    @Nested
    class RequiredFields {
        final Rule rule = new RequiredFieldsRule();

        @Test
        void passesCompleteEvents() {
            samples.forEach(s ->
                    assertThat(check(rule, s.event())).as(s.domain().name()).isEmpty());
        }

        @Test
        void failsWithoutAUuidOrWithABlankId() {
            assertThat(check(rule, OrderEvent.newBuilder(order).setEventId("42").build()))
                    .get()
                    .asString()
                    .contains("event_id '42' is not a UUID");
            assertThat(check(
                            rule,
                            OrderEvent.newBuilder(order).setCustomerId(" ").build()))
                    .get()
                    .asString()
                    .contains("customer_id is blank");
            assertThat(rule.code()).isEqualTo("REQUIRED_FIELD_MISSING");
        }
    }

    @Nested
    class NegativeAmount {
        final Rule rule = new NegativeAmountRule();

        @Test
        void passesPositiveAmounts() {
            samples.forEach(s ->
                    assertThat(check(rule, s.event())).as(s.domain().name()).isEmpty());
        }

        @Test
        void failsANegativePriceAnywhereInTheEvent() {
            ClickstreamEvent negative = ClickstreamEvent.newBuilder(click)
                    .setPayload(CartItemAdded.newBuilder((CartItemAdded) click.getPayload())
                            .setUnitPrice(eur("-19.99"))
                            .build())
                    .build();
            assertThat(check(rule, negative)).get().asString().contains("payload.unit_price is -19.99 EUR");
            assertThat(rule.code()).isEqualTo("NEGATIVE_AMOUNT");
        }
    }

    @Nested
    class Currency {
        final Rule rule = new CurrencyRule();

        @Test
        void passesIsoCodes() {
            samples.forEach(s ->
                    assertThat(check(rule, s.event())).as(s.domain().name()).isEmpty());
        }

        @Test
        void failsUnknownCodes() {
            OrderEvent bad = withPlaced(p -> p.setShipping(Money.newBuilder()
                    .setAmount(new BigDecimal("4.90"))
                    .setCurrency("EURO")
                    .build()));
            assertThat(check(rule, bad)).get().asString().contains("payload.shipping.currency 'EURO'");
            assertThat(rule.code()).isEqualTo("INVALID_CURRENCY");
        }
    }

    @Nested
    class Quantity {
        final Rule rule = new QuantityRule();

        @Test
        void passesPositiveQuantities() {
            samples.forEach(s ->
                    assertThat(check(rule, s.event())).as(s.domain().name()).isEmpty());
        }

        @Test
        void failsZeroItemsAndNegativeStock() {
            OrderEvent zero = withPlaced(p -> {
                List<OrderLine> lines = new ArrayList<>(p.getLines());
                lines.set(0, OrderLine.newBuilder(lines.get(0)).setQuantity(0).build());
                p.setLines(lines);
            });
            assertThat(check(rule, zero)).get().asString().contains("payload.lines[0].quantity is 0");
            assertThat(check(
                            rule,
                            InventoryEvent.newBuilder(stock)
                                    .setQuantityOnHand(-1)
                                    .build()))
                    .get()
                    .asString()
                    .contains("quantity_on_hand is -1");
            assertThat(rule.code()).isEqualTo("INVALID_QUANTITY");
        }
    }

    @Nested
    class OrderTotal {
        final Rule rule = new OrderTotalRule();

        @Test
        void passesAnOrderThatAddsUp() {
            assertThat(check(rule, order)).isEmpty();
        }

        @Test
        void failsATotalThatIsNotTheSumOfItsParts() {
            assertThat(check(rule, withPlaced(p -> p.setTotal(eur("99.99")))))
                    .get()
                    .asString()
                    .contains("total 99.99 is not subtotal + shipping + tax, 58.43");
        }

        @Test
        void failsALineThatIsNotQuantityTimesPrice() {
            OrderEvent bad = withPlaced(p -> {
                List<OrderLine> lines = new ArrayList<>(p.getLines());
                lines.set(
                        0,
                        OrderLine.newBuilder(lines.get(0))
                                .setLineTotal(eur("30.00"))
                                .build());
                p.setLines(lines);
            });
            assertThat(check(rule, bad))
                    .get()
                    .asString()
                    .contains("line 1: 2 x 19.99 is 39.98, not 30.00")
                    .contains("subtotal 44.98 is not the sum of the lines, 35.00");
            assertThat(rule.code()).isEqualTo("ORDER_TOTAL_MISMATCH");
        }
    }

    @Nested
    class FutureEvent {
        final Instant now = Instant.parse("2026-11-27T12:00:00Z");
        final Rule rule = new FutureEventRule(Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));

        @Test
        void passesEventsWithinTheSkew() {
            assertThat(check(
                            rule,
                            OrderEvent.newBuilder(order)
                                    .setEventTime(now.plusSeconds(299))
                                    .build()))
                    .isEmpty();
        }

        @Test
        void failsEventsFromTheFuture() {
            assertThat(check(
                            rule,
                            OrderEvent.newBuilder(order)
                                    .setEventTime(now.plusSeconds(301))
                                    .build()))
                    .get()
                    .asString()
                    .contains("more than PT5M ahead");
            assertThat(rule.code()).isEqualTo("EVENT_IN_FUTURE");
        }
    }

    @Nested
    class KnownProduct {
        final CatalogState catalog = new CatalogState();
        final Rule rule = new KnownProductRule(catalog);

        @Test
        void passesProductsInTheCatalog() {
            samples.stream()
                    .filter(s -> s.event() instanceof CatalogEvent)
                    .forEach(s -> catalog.apply((CatalogEvent) s.event()));
            assertThat(check(rule, order)).isEmpty();
            assertThat(check(rule, click)).isEmpty();
        }

        @Test
        void failsProductsNotInTheCatalogOrDiscontinued() {
            assertThat(check(rule, order)).get().asString().contains("is not in the catalog");

            samples.stream()
                    .filter(s -> s.event() instanceof CatalogEvent)
                    .forEach(s -> catalog.apply((CatalogEvent) s.event()));
            String product = click.getPayload() instanceof CartItemAdded add ? add.getProductId() : null;
            catalog.apply(CatalogEvent.newBuilder()
                    .setEventId("e")
                    .setEventTime(click.getEventTime().minusSeconds(1))
                    .setProductId(product)
                    .setPayload(ProductDiscontinued.newBuilder()
                            .setReason("end of line")
                            .build())
                    .build());
            assertThat(check(rule, click)).get().asString().contains("was discontinued before");
            assertThat(rule.code()).isEqualTo("UNKNOWN_PRODUCT");
        }
    }
}
