package dev.lakehouse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.clickstream.ProductViewed;
import dev.lakehouse.events.orders.OrderCancelled;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPaid;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Incident;
import dev.lakehouse.generator.model.Incident.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each incident shows in the events exactly in its window, as the anomaly graders will be told it did:
 * no payment succeeds during an outage, scrapers browse only during a swarm, a pricing error's prices are
 * listed from its start to its end and shoppers rush them. Pure simulation, six simulated hours.
 */
class IncidentsTest {

    static final Instant FROM = Instant.parse("2026-11-03T10:00:00Z");

    record Window(Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    static Window window(Incident i) {
        return new Window(FROM.plus(i.start()), FROM.plus(i.start()).plus(i.duration()));
    }

    @Test
    void eachIncidentShowsInTheEventsExactlyInItsWindow() {
        Incident outage = new Incident(Kind.PAYMENT_OUTAGE, Duration.ofHours(1), Duration.ofMinutes(30));
        Incident swarm = new Incident(Kind.BOT_SWARM, Duration.ofHours(2), Duration.ofMinutes(20));
        Incident pricing = new Incident(Kind.PRICING_ERROR, Duration.ofHours(3), Duration.ofMinutes(40));
        GeneratorSettings settings = GeneratorSettings.defaults(7, FROM)
                .withFaults(dev.lakehouse.generator.model.FaultRates.none())
                .withIncidents(List.of(outage, swarm, pricing));
        Simulation simulation = new Simulation(settings);
        Instant end = FROM.plus(Duration.ofHours(6));

        long paidInOutage = 0;
        long paidOutside = 0;
        long providerDown = 0;
        List<Instant> botClicks = new ArrayList<>();
        long viewsInSwarm = 0;
        long viewsBefore = 0;
        Map<String, Long> wrongPrice = new HashMap<>();
        List<Instant> errorStarts = new ArrayList<>();
        List<Instant> errorEnds = new ArrayList<>();
        long linesAtWrongPrice = 0;
        for (Emission e = simulation.next(); e.eventTime().isBefore(end); e = simulation.next()) {
            Instant t = e.eventTime();
            if (e.event() instanceof OrderEvent o) {
                if (o.getPayload() instanceof OrderPaid) {
                    if (window(outage).contains(t)) {
                        paidInOutage++;
                    } else {
                        paidOutside++;
                    }
                } else if (o.getPayload() instanceof OrderCancelled c
                        && c.getReason().equals("payment provider unavailable")) {
                    assertThat(window(outage).contains(t))
                            .as("a payment failing for the outage at " + t)
                            .isTrue();
                    providerDown++;
                } else if (o.getPayload() instanceof OrderPlaced placed
                        && window(pricing).contains(t)) {
                    for (OrderLine line : placed.getLines()) {
                        Long cents = wrongPrice.get(line.getProductId());
                        if (cents != null
                                && line.getUnitPrice()
                                                .getAmount()
                                                .movePointRight(2)
                                                .longValue()
                                        == cents) {
                            linesAtWrongPrice++;
                        }
                    }
                }
            } else if (e.event() instanceof ClickstreamEvent c) {
                if (c.getContext().getUserAgent().contains("PriceWatchBot")) {
                    botClicks.add(t);
                }
                if (c.getPayload() instanceof ProductViewed) {
                    if (window(swarm).contains(t)) {
                        viewsInSwarm++;
                    } else if (t.isBefore(window(swarm).start())
                            && !t.isBefore(window(swarm).start().minus(Duration.ofMinutes(20)))) {
                        viewsBefore++;
                    }
                }
            } else if (e.event() instanceof CatalogEvent c && c.getPayload() instanceof PriceChanged p) {
                if (p.getReason().equals("pricing error")) {
                    errorStarts.add(t);
                    wrongPrice.put(
                            c.getProductId(),
                            p.getNewPrice().getAmount().movePointRight(2).longValue());
                } else if (p.getReason().equals("pricing error corrected")) {
                    errorEnds.add(t);
                }
            }
        }
        assertThat(paidInOutage).as("payments during the outage").isZero();
        assertThat(providerDown).as("orders cancelled for the outage").isGreaterThan(10);
        assertThat(paidOutside).as("payments outside it").isGreaterThan(100);

        assertThat(botClicks).as("scraper clicks").hasSizeGreaterThan(500);
        assertThat(botClicks.get(0)).isEqualTo(window(swarm).start());
        // The last scrapers finish their visit (at most 60 clicks, seconds apart) soon after the end.
        assertThat(botClicks.get(botClicks.size() - 1))
                .isBetween(window(swarm).start(), window(swarm).end().plus(Duration.ofMinutes(10)));
        assertThat(viewsInSwarm)
                .as("product views in the swarm's 20 minutes vs the 20 before")
                .isGreaterThan(5 * viewsBefore);

        assertThat(errorStarts)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).isEqualTo(window(pricing).start()));
        assertThat(errorEnds)
                .hasSameSizeAs(errorStarts)
                .allSatisfy(t -> assertThat(t).isEqualTo(window(pricing).end()));
        assertThat(linesAtWrongPrice)
                .as("order lines bought at the wrong price")
                .isGreaterThan(20);
    }

    @Test
    void theIncidentsScenarioReadsAsItsWindows() throws Exception {
        java.util.Properties file = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("scenarios/incidents.properties"))) {
            file.load(in);
        }
        Map<String, String> keys = new HashMap<>();
        file.forEach((k, v) -> keys.put((String) k, (String) v));
        var config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(keys, "incidents.properties", 100))
                .withMapping(dev.lakehouse.generator.run.GeneratorConfig.class)
                // Durations as the app reads them ("5m"): Quarkus' converter, not plain SmallRye's ISO-only one.
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .build();
        dev.lakehouse.config.UnknownKeys.requireKnown(config);
        GeneratorSettings settings = config.getConfigMapping(dev.lakehouse.generator.run.GeneratorConfig.class)
                .settings(1, FROM, dev.lakehouse.generator.model.FaultRates.none());
        assertThat(settings.incidents())
                .containsExactly(
                        new Incident(Kind.PAYMENT_OUTAGE, Duration.ofMinutes(5), Duration.ofMinutes(5)),
                        new Incident(Kind.BOT_SWARM, Duration.ofMinutes(15), Duration.ofMinutes(5)),
                        new Incident(Kind.PRICING_ERROR, Duration.ofMinutes(25), Duration.ofMinutes(10)));
    }
}
