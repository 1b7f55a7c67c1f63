package dev.lakehouse.generator.simulation;

import dev.lakehouse.events.customers.Segment;

/** A registered customer of the simulated store. */
final class Customer {

    final String id;
    final String visitorId;
    final Segment segment;
    final String country;
    final String email;
    boolean erased;
    /** Two favourite categories, the first the stronger; null without tastes. */
    String[] favourites;
    /** Position in the store's list of its segment, for O(1) removal. */
    int slot;

    Customer(String id, String visitorId, Segment segment, String country, String email) {
        this.id = id;
        this.visitorId = visitorId;
        this.segment = segment;
        this.country = country;
        this.email = email;
    }
}
