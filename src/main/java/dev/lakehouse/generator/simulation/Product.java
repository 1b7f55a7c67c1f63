package dev.lakehouse.generator.simulation;

/** A product as the simulated store knows it now; prices in cents to keep arithmetic exact and cheap. */
final class Product {

    final String id;
    final String sku;
    final String name;
    final String category;
    final String brand;
    final String noun;
    final String warehouse;
    long priceCents;
    int stock;
    boolean active = true;
    boolean restockPending;
    /** Position in the store's active list, for O(1) removal. */
    int slot;

    Product(
            String id,
            String sku,
            String name,
            String category,
            String brand,
            String noun,
            String warehouse,
            long priceCents) {
        this.id = id;
        this.sku = sku;
        this.name = name;
        this.category = category;
        this.brand = brand;
        this.noun = noun;
        this.warehouse = warehouse;
        this.priceCents = priceCents;
    }
}
