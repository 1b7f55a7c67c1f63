package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.common.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** No amount of money in an event is negative: refunds and discounts are positive amounts of their own type. */
public class NegativeAmountRule implements Rule {

    @Override
    public String code() {
        return "NEGATIVE_AMOUNT";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (value instanceof Money money && money.getAmount().compareTo(BigDecimal.ZERO) < 0) {
                problems.add(path + " is " + money.getAmount().toPlainString() + " " + money.getCurrency());
            }
        });
        return problems.isEmpty() ? Optional.empty() : Optional.of("negative amount: " + String.join("; ", problems));
    }
}
