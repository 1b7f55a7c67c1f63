package dev.lakehouse.generator.model;

/**
 * Shoppers' latent tastes, for grading recommenders: every shopper has two favourite categories, and
 * every product a complement (a product of a paired category) that is often bought with it. {@link #OFF}
 * (both 0) leaves the simulation exactly as it is without tastes.
 *
 * @param strength       share of a shopper's product views that follow their favourite categories (70 % the
 *                       first, 30 % the second); the rest browse the whole catalog as without tastes
 * @param complementRate chance that putting a product in the cart puts its complement in too
 */
public record Tastes(double strength, double complementRate) {

    public static final Tastes OFF = new Tastes(0, 0);

    public Tastes {
        if (!(strength >= 0 && strength <= 1 && complementRate >= 0 && complementRate <= 1)) {
            throw new IllegalArgumentException("taste strength and complement rate are shares in [0, 1]");
        }
    }

    public boolean on() {
        return strength > 0 || complementRate > 0;
    }
}
