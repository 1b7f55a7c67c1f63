package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.common.Money;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** Every amount names an ISO-4217 currency (upper-case alphabetic code known to the JDK). */
public class CurrencyRule implements Rule {

    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String code() {
        return "INVALID_CURRENCY";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (value instanceof Money money && !CODES.contains(money.getCurrency())) {
                problems.add(path + ".currency '" + money.getCurrency() + "'");
            }
        });
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of("not an ISO-4217 currency: " + String.join("; ", problems));
    }
}
