package dev.lakehouse.generator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.CapturingSink;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The changes a scenario makes to a running run: a markdown and a poison burst, applied between batches. */
class ScenarioStepsTest {

    @Test
    void markdownChangesPricesThatLaterOrdersPayAndBurstSendsPoison() {
        GeneratorSettings settings = GeneratorSettings.defaults(11, Instant.parse("2026-11-27T08:00:00Z"));
        GeneratorRun[] run = new GeneratorRun[1];
        CapturingSink sink = new CapturingSink() {
            private boolean stepsQueued;

            @Override
            public void send(List<Emission> batch) {
                super.send(batch);
                if (!stepsQueued && sent.size() >= 5_000) {
                    stepsQueued = true;
                    run[0].markDown(0.30, 40);
                    run[0].poisonBurst(30);
                }
            }
        };
        run[0] = new GeneratorRun(settings, RunLimits.records(40_000), sink, null, null, Duration.ofDays(1));
        run[0].run();

        assertThat(sink.sent.stream().filter(e -> e.fault() != null).count())
                .as("poison records, faults otherwise off")
                .isEqualTo(30);
        Map<String, BigDecimal> salePrice = new HashMap<>();
        int saleAt = -1;
        for (int i = 0; i < sink.sent.size(); i++) {
            if (sink.sent.get(i).event() instanceof CatalogEvent c
                    && c.getPayload() instanceof PriceChanged p
                    && p.getReason().equals("sale")) {
                saleAt = saleAt < 0 ? i : saleAt;
                BigDecimal expected = p.getOldPrice().getAmount().multiply(new BigDecimal("0.70"));
                assertThat(p.getNewPrice().getAmount())
                        .as("30 %% off, to the .99 below")
                        .isLessThanOrEqualTo(expected)
                        .isGreaterThan(expected.subtract(BigDecimal.ONE));
                salePrice.put(c.getProductId(), p.getNewPrice().getAmount());
            }
        }
        assertThat(salePrice).as("products marked down").hasSizeBetween(30, 40);
        assertThat(saleAt)
                .as("the markdown comes after the batch that asked for it")
                .isGreaterThanOrEqualTo(5_000);

        long soldAtSalePrice = sink.sent.subList(saleAt, sink.sent.size()).stream()
                .filter(e -> e.event() instanceof OrderEvent o && o.getPayload() instanceof OrderPlaced)
                .flatMap(e -> ((OrderPlaced) ((OrderEvent) e.event()).getPayload()).getLines().stream())
                .filter(l -> salePrice.containsKey(l.getProductId()))
                .filter(l -> l.getUnitPrice().getAmount().compareTo(salePrice.get(l.getProductId())) == 0)
                .map(OrderLine::getProductId)
                .count();
        assertThat(soldAtSalePrice).as("order lines paying a sale price").isPositive();
    }
}
