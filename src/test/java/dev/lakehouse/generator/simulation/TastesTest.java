package dev.lakehouse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.ProductCreated;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.clickstream.ProductViewed;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Tastes;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Shoppers' tastes show in the events as the truth says: signed-in shoppers view their favourite
 * categories far more than the catalog's share of them, and products are bought with their recorded
 * complement. Measured from the events alone against the simulation's truth; without tastes the same
 * measures stay at the catalog's level. Pure simulation, 12 simulated hours each.
 */
class TastesTest {

    static final Instant FROM = Instant.parse("2026-11-03T08:00:00Z");

    record Measures(double favouriteViewShare, double complementShare, long views, long lines) {}

    static Measures measure(Tastes tastes, Map<String, List<String>> truthOut, Map<String, String> complementsOut) {
        Simulation simulation =
                new Simulation(GeneratorSettings.defaults(5, FROM).withTastes(tastes));
        Instant end = FROM.plusSeconds(12 * 3600);
        Map<String, String> category = new HashMap<>();
        List<Emission> views = new java.util.ArrayList<>();
        List<OrderPlaced> orders = new java.util.ArrayList<>();
        for (Emission e = simulation.next(); e.eventTime().isBefore(end); e = simulation.next()) {
            if (e.event() instanceof CatalogEvent c && c.getPayload() instanceof ProductCreated p) {
                category.put(c.getProductId(), p.getCategory());
            } else if (e.event() instanceof ClickstreamEvent c
                    && c.getPayload() instanceof ProductViewed
                    && c.getCustomerId() != null) {
                views.add(e);
            } else if (e.event() instanceof OrderEvent o && o.getPayload() instanceof OrderPlaced placed) {
                orders.add(placed);
            }
        }
        // Tastes off: measure against tastes that were never applied (drawn per id here), to show the measures
        // are not high by themselves.
        java.util.function.Function<String, List<String>> favourites =
                tastes.on() ? simulation.favouriteCategories()::get : new Unapplied(category)::favourites;
        java.util.function.Function<String, String> complements =
                tastes.on() ? simulation.complements()::get : new Unapplied(category)::complement;
        long inFavourites = 0;
        long counted = 0;
        for (Emission e : views) {
            ClickstreamEvent c = (ClickstreamEvent) e.event();
            List<String> fav = favourites.apply(c.getCustomerId());
            if (fav != null) {
                counted++;
                String cat = category.get(((ProductViewed) c.getPayload()).getProductId());
                inFavourites += fav.contains(cat) ? 1 : 0;
            }
        }
        long withComplement = 0;
        long lines = 0;
        for (OrderPlaced order : orders) {
            Set<String> products = new HashSet<>();
            order.getLines().forEach(l -> products.add(l.getProductId()));
            for (OrderLine line : order.getLines()) {
                String complement = complements.apply(line.getProductId());
                if (complement != null) {
                    lines++;
                    withComplement += products.contains(complement) ? 1 : 0;
                }
            }
        }
        if (tastes.on()) {
            truthOut.putAll(simulation.favouriteCategories());
            complementsOut.putAll(simulation.complements());
        }
        return new Measures((double) inFavourites / counted, (double) withComplement / lines, counted, lines);
    }

    /** Tastes and complements drawn from each id's hash, as the simulation would have, but never acted on. */
    record Unapplied(Map<String, String> category) {
        List<String> favourites(String customer) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(customer.hashCode());
            int n = Store.CATEGORIES.length;
            int first = r.nextInt(n);
            int second = (first + 1 + r.nextInt(n - 1)) % n;
            return List.of(Store.CATEGORIES[first].name(), Store.CATEGORIES[second].name());
        }

        String complement(String product) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(product.hashCode());
            String paired = null;
            for (int i = 0; i < Store.CATEGORIES.length; i++) {
                if (Store.CATEGORIES[i].name().equals(category.get(product))) {
                    paired = Store.CATEGORIES[i ^ 1].name();
                }
            }
            String p = paired;
            List<String> candidates = category.entrySet().stream()
                    .filter(e -> e.getValue().equals(p))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
        }
    }

    @Test
    void shoppersFollowTheirTastesAndBuyComplementsTogether() {
        Map<String, List<String>> truth = new HashMap<>();
        Map<String, String> complements = new HashMap<>();
        Measures on = measure(new Tastes(0.7, 0.4), truth, complements);
        Measures off = measure(Tastes.OFF, truth, complements);
        System.out.println("tastes on: " + on + "; off: " + off);

        assertThat(truth).as("customers with tastes").hasSizeGreaterThan(3000);
        assertThat(truth.values()).allSatisfy(f -> assertThat(f).hasSize(2).doesNotHaveDuplicates());
        assertThat(on.views()).isGreaterThan(5_000);
        // Two of eight categories: about a quarter of views without tastes; 70 % + 30 % x that with them.
        assertThat(off.favouriteViewShare())
                .as("views in the favourites, tastes off")
                .isBetween(0.1, 0.45);
        assertThat(on.favouriteViewShare())
                .as("views in the favourites, tastes on")
                .isGreaterThan(0.7);
        assertThat(on.lines()).isGreaterThan(300);
        // Four in ten cart additions bring the complement along (unless it is already there or sold out).
        assertThat(on.complementShare())
                .as("order lines bought with their complement")
                .isGreaterThan(0.25);
        assertThat(off.complementShare()).as("the same pairs without tastes").isLessThan(0.05);
    }
}
