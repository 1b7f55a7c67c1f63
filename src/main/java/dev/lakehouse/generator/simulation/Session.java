package dev.lakehouse.generator.simulation;

import dev.lakehouse.events.common.SessionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One visit: who, from where, and the plan of steps it will walk. The plan is drawn when the
 * visit starts (its intent decides how deep into the funnel it goes); which products it sees
 * is decided step by step, from the catalog as it is at that moment.
 */
final class Session {

    enum Step {
        LANDING,
        SEARCH,
        CATEGORY,
        PRODUCT,
        ADD,
        REMOVE,
        CART,
        LOGIN,
        REGISTER,
        CHECKOUT,
        ORDER
    }

    /** How far into the funnel this visit goes. */
    enum Intent {
        BROWSE,
        CART_ABANDON,
        CHECKOUT_ABANDON,
        BUY
    }

    final String id;
    final String visitorId;
    final SessionContext context;
    final Intent intent;
    final List<Step> plan;
    /** Known from the start (returning customer) or from registration on. */
    Customer customer;

    boolean loggedIn;
    /** A scraper's visit (a bot-swarm incident): clicks every few seconds, never buys. */
    boolean bot;
    /** The shopper's favourite categories (the customer's, or drawn for a new visitor); null without tastes. */
    String[] favourites;

    String cartId;
    Product lastViewed;
    /** product id -> quantity, in the order added. */
    final Map<Product, Integer> cart = new LinkedHashMap<>();

    int next;

    Session(String id, String visitorId, Customer customer, SessionContext context, Intent intent, List<Step> plan) {
        this.id = id;
        this.visitorId = visitorId;
        this.customer = customer;
        this.context = context;
        this.intent = intent;
        this.plan = plan;
    }

    String customerIdIfLoggedIn() {
        return loggedIn ? customer.id : null;
    }

    static Intent intent(SplittableRandom random, double conversion, double abandonment) {
        double withCart = conversion / (1 - abandonment);
        double r = random.nextDouble();
        if (r < conversion) {
            return Intent.BUY;
        }
        // About a third of the abandoned carts get as far as the checkout.
        if (r < conversion + (withCart - conversion) * 0.35) {
            return Intent.CHECKOUT_ABANDON;
        }
        return r < withCart ? Intent.CART_ABANDON : Intent.BROWSE;
    }

    static List<Step> plan(
            SplittableRandom random, Intent intent, Store.SegmentProfile profile, boolean known, boolean logsInEarly) {
        List<Step> plan = new ArrayList<>();
        plan.add(Step.LANDING);
        if (known && logsInEarly) {
            plan.add(Step.LOGIN);
        }
        if (intent == Intent.BROWSE) {
            browse(random, plan, 1 + geometric(random, profile.meanBrowseSteps()));
            if (!known && random.nextDouble() < 0.01) {
                plan.add(Step.REGISTER);
            }
            return plan;
        }
        int items = profile.minItems() + random.nextInt(profile.maxItems() - profile.minItems() + 1);
        for (int i = 0; i < items; i++) {
            browse(random, plan, random.nextInt(3));
            plan.add(Step.PRODUCT);
            plan.add(Step.ADD);
        }
        if (random.nextDouble() < 0.15) {
            // Second thoughts: one more item goes in, one comes out, so the cart is never left empty by it.
            plan.add(Step.PRODUCT);
            plan.add(Step.ADD);
            plan.add(Step.REMOVE);
        }
        plan.add(Step.CART);
        switch (intent) {
            case CART_ABANDON -> browse(random, plan, random.nextInt(3));
            case CHECKOUT_ABANDON -> {
                if (known && !logsInEarly) {
                    plan.add(Step.LOGIN);
                }
                plan.add(Step.CHECKOUT);
            }
            case BUY -> {
                if (!known) {
                    plan.add(Step.REGISTER);
                } else if (!logsInEarly) {
                    plan.add(Step.LOGIN);
                }
                plan.add(Step.CHECKOUT);
                plan.add(Step.ORDER);
            }
            default -> {}
        }
        return plan;
    }

    private static void browse(SplittableRandom random, List<Step> plan, int steps) {
        for (int i = 0; i < steps; i++) {
            double r = random.nextDouble();
            plan.add(r < 0.25 ? Step.SEARCH : r < 0.5 ? Step.CATEGORY : Step.PRODUCT);
        }
    }

    private static int geometric(SplittableRandom random, double mean) {
        double p = 1 / (1 + mean);
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }
}
