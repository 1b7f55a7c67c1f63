package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** A quantity of items is at least 1, and stock on hand is never negative. */
public class QuantityRule implements Rule {

    @Override
    public String code() {
        return "INVALID_QUANTITY";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (field.name().equals("quantity") && value instanceof Integer quantity && quantity < 1) {
                problems.add(path + " is " + quantity + ", less than 1");
            } else if (field.name().equals("quantity_on_hand") && value instanceof Integer stock && stock < 0) {
                problems.add(path + " is " + stock + ", negative");
            }
        });
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
