package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro guarantees the fields exist; this rule makes sure the identifying ones mean something:
 * event_id is a UUID and no present *_id field is blank.
 */
public class RequiredFieldsRule implements Rule {

    @Override
    public String code() {
        return "REQUIRED_FIELD_MISSING";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (path.parent() == null && field.name().equals("event_id") && !isUuid(value)) {
                problems.add("event_id '" + value + "' is not a UUID");
            } else if (field.name().endsWith("_id")
                    && value instanceof CharSequence text
                    && text.toString().isBlank()) {
                problems.add(path + " is blank");
            }
        });
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static boolean isUuid(Object value) {
        if (value == null || value.toString().length() != 36) {
            return false;
        }
        try {
            UUID.fromString(value.toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
