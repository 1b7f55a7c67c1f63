package dev.lakehouse.validation.rules;

import dev.lakehouse.validation.state.CatalogState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The rules in the order they are checked; the first one broken names the reason. */
public final class RuleSet {

    private RuleSet() {}

    public static List<Rule> all(CatalogState catalog, Clock clock, Duration maxClockSkew) {
        List<Rule> rules = new ArrayList<>(withoutCatalog(clock, maxClockSkew));
        rules.add(new KnownProductRule(catalog));
        return rules;
    }

    /** Every rule but the product rule: what catalog events themselves must keep to count. */
    public static List<Rule> withoutCatalog(Clock clock, Duration maxClockSkew) {
        return List.of(new RequiredFieldsRule(), new NegativeAmountRule(), new CurrencyRule(), new QuantityRule(),
                new OrderTotalRule(), new FutureEventRule(clock, maxClockSkew));
    }
}
