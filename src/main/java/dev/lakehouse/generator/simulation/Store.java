package dev.lakehouse.generator.simulation;

import dev.lakehouse.events.customers.Segment;
import dev.lakehouse.generator.model.Ids;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated shop's state: its catalog with stock, and its customer base by segment. Only
 * the simulation changes it, and only while it emits the event that says so, so later events
 * always see what earlier events announced.
 */
final class Store {

    record Category(String name, String[] nouns, String[] brands, double minPrice, double maxPrice) {}

    /** How a segment shops: share of new registrations, how often it visits, basket size, browsing depth. */
    record SegmentProfile(
            Segment segment, double share, double visitWeight, int minItems, int maxItems, double meanBrowseSteps) {}

    static final Category[] CATEGORIES = {
        new Category(
                "electronics",
                new String[] {"headphones", "speaker", "charger", "monitor", "keyboard", "camera"},
                new String[] {"Voltix", "Sonora", "Pixelon"},
                19,
                899),
        new Category(
                "fashion",
                new String[] {"jacket", "sneakers", "t-shirt", "jeans", "dress", "scarf"},
                new String[] {"Northwind", "Urbanella", "Kestrel"},
                12,
                180),
        new Category(
                "home",
                new String[] {"lamp", "cushion", "kettle", "blender", "rug", "vase"},
                new String[] {"Hearthly", "Casanova", "Nook"},
                9,
                250),
        new Category(
                "books",
                new String[] {"novel", "cookbook", "atlas", "biography", "comic"},
                new String[] {"Pageturn", "Inkwell"},
                6,
                45),
        new Category(
                "beauty",
                new String[] {"serum", "shampoo", "lipstick", "perfume", "cream"},
                new String[] {"Lumen", "Velvetine"},
                5,
                95),
        new Category(
                "sports",
                new String[] {"yoga mat", "dumbbell", "bike helmet", "running shorts", "tent"},
                new String[] {"Peakline", "Stride"},
                10,
                320),
        new Category(
                "toys",
                new String[] {"puzzle", "building set", "doll", "board game", "kite"},
                new String[] {"Playforge", "Tinytown"},
                7,
                120),
        new Category(
                "grocery",
                new String[] {"coffee beans", "olive oil", "tea", "chocolate", "pasta"},
                new String[] {"Origo", "Fieldfare"},
                2,
                30)
    };
    static final String[] ADJECTIVES = {
        "Classic", "Pro", "Eco", "Compact", "Deluxe", "Smart", "Essential", "Ultra", "Mini", "Premium"
    };
    static final String[] WAREHOUSES = {"w-berlin", "w-lyon", "w-milan"};
    static final SegmentProfile[] SEGMENTS = {
        new SegmentProfile(Segment.BARGAIN_HUNTER, 0.35, 1.2, 1, 2, 6),
        new SegmentProfile(Segment.REGULAR, 0.40, 1.0, 1, 3, 4),
        new SegmentProfile(Segment.LOYAL, 0.18, 2.0, 1, 4, 4),
        new SegmentProfile(Segment.VIP, 0.07, 3.5, 2, 5, 3)
    };

    private final List<Product> active = new ArrayList<>();
    private final Map<String, Product> products = new HashMap<>();
    private final Map<String, Integer> activeByTerm = new HashMap<>();
    private final Map<String, List<Product>> activeByCategory = new HashMap<>();
    private final Map<Segment, List<Customer>> customers = new EnumMap<>(Segment.class);
    private final Map<Segment, SegmentProfile> profiles = new EnumMap<>(Segment.class);
    private int customerCount;

    Store() {
        for (SegmentProfile profile : SEGMENTS) {
            customers.put(profile.segment(), new ArrayList<>());
            profiles.put(profile.segment(), profile);
        }
    }

    // ---- catalog ----

    Product newProduct(SplittableRandom random) {
        Category category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        String noun = category.nouns()[random.nextInt(category.nouns().length)];
        String brand = category.brands()[random.nextInt(category.brands().length)];
        String name = brand + " " + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + noun;
        String sku = category.name().substring(0, 3).toUpperCase() + "-" + (100000 + random.nextInt(900000));
        // Log-uniform: many cheap products, few expensive ones, prices ending in .99.
        double price = Math.exp(Math.log(category.minPrice())
                + random.nextDouble() * Math.log(category.maxPrice() / category.minPrice()));
        long cents = (long) Math.floor(price) * 100 + 99;
        return new Product(
                "p-" + Ids.uuid(random),
                sku,
                name,
                category.name(),
                brand,
                noun,
                WAREHOUSES[random.nextInt(WAREHOUSES.length)],
                cents);
    }

    void addProduct(Product product) {
        product.slot = active.size();
        active.add(product);
        products.put(product.id, product);
        activeByTerm.merge(product.category, 1, Integer::sum);
        activeByCategory
                .computeIfAbsent(product.category, c -> new ArrayList<>())
                .add(product);
        activeByTerm.merge(product.brand.toLowerCase(), 1, Integer::sum);
        activeByTerm.merge(product.noun, 1, Integer::sum);
    }

    void discontinue(Product product) {
        product.active = false;
        Product last = active.remove(active.size() - 1);
        if (last != product) {
            last.slot = product.slot;
            active.set(product.slot, last);
        }
        activeByTerm.merge(product.category, -1, Integer::sum);
        activeByCategory.get(product.category).remove(product);
        activeByTerm.merge(product.brand.toLowerCase(), -1, Integer::sum);
        activeByTerm.merge(product.noun, -1, Integer::sum);
    }

    int activeProducts() {
        return active.size();
    }

    /** A product to look at, skewed towards the front of the list: a few products get most of the views. */
    Product browseProduct(SplittableRandom random) {
        double u = random.nextDouble();
        return active.get((int) (active.size() * u * u));
    }

    /** A product of {@code category} to look at, skewed like {@link #browseProduct}; any if none is left. */
    Product browseInCategory(SplittableRandom random, String category) {
        List<Product> in = activeByCategory.getOrDefault(category, List.of());
        if (in.isEmpty()) {
            return browseProduct(random);
        }
        double u = random.nextDouble();
        return in.get((int) (in.size() * u * u));
    }

    Product anyActiveProduct(SplittableRandom random) {
        return active.get(random.nextInt(active.size()));
    }

    Product product(String id) {
        return products.get(id);
    }

    int searchResults(String term) {
        return Math.max(0, activeByTerm.getOrDefault(term, 0));
    }

    // ---- customers ----

    SegmentProfile profile(Segment segment) {
        return profiles.get(segment);
    }

    Segment newSegment(SplittableRandom random) {
        double r = random.nextDouble();
        for (SegmentProfile profile : SEGMENTS) {
            r -= profile.share();
            if (r < 0) {
                return profile.segment();
            }
        }
        return Segment.REGULAR;
    }

    void addCustomer(Customer customer) {
        List<Customer> list = customers.get(customer.segment);
        customer.slot = list.size();
        list.add(customer);
        customerCount++;
    }

    void erase(Customer customer) {
        customer.erased = true;
        List<Customer> list = customers.get(customer.segment);
        Customer last = list.remove(list.size() - 1);
        if (last != customer) {
            last.slot = customer.slot;
            list.set(customer.slot, last);
        }
        customerCount--;
    }

    int customerCount() {
        return customerCount;
    }

    /** A returning visitor: segments weighted by their size and visit frequency. */
    Customer returningCustomer(SplittableRandom random) {
        double total = 0;
        for (SegmentProfile profile : SEGMENTS) {
            total += customers.get(profile.segment()).size() * profile.visitWeight();
        }
        if (total == 0) {
            return null;
        }
        double r = random.nextDouble() * total;
        for (SegmentProfile profile : SEGMENTS) {
            List<Customer> list = customers.get(profile.segment());
            r -= list.size() * profile.visitWeight();
            if (r < 0 && !list.isEmpty()) {
                return list.get(random.nextInt(list.size()));
            }
        }
        return null;
    }

    Customer anyCustomer(SplittableRandom random) {
        return returningCustomer(random);
    }
}
