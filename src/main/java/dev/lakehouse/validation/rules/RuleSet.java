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
        // The two contract rules first: an event whose times or amounts are outside what the
        // schema promises is rejected for that, before any business rule reads those values.
        return List.of(
                new EventTimeRangeRule(),
                new MoneyContractRule(),
                new RequiredFieldsRule(),
                new NegativeAmountRule(),
                new CurrencyRule(),
                new QuantityRule(),
                new OrderTotalRule(),
                new FutureEventRule(clock, maxClockSkew));
    }
}
