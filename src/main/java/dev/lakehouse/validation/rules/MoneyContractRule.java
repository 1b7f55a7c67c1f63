package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.topics.Domain;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every decimal of an event fits the decimal logical type its field declares in this build's
 * schema (money is decimal(12,2)). Avro reads whatever unscaled value the bytes hold at the
 * declared scale, so a value of 15 digits passes decoding; downstream a decimal(12,2) column
 * would turn it into NULL and silently lower revenue. Rejected here, with its reason.
 */
public class MoneyContractRule implements Rule {

    @Override
    public String code() {
        return RejectReason.MONEY_OUT_OF_CONTRACT.name();
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        List<String> problems = new ArrayList<>();
        EventWalker.walk(event, (path, field, value) -> {
            if (value instanceof BigDecimal amount) {
                LogicalTypes.Decimal contract = decimalOf(field.schema());
                if (contract == null) {
                    return;
                }
                // Digits left of the point must fit precision - scale; digits right of it the scale.
                int scale = Math.max(amount.scale(), 0);
                int integerDigits = amount.precision() - amount.scale();
                if (scale > contract.getScale() || integerDigits > contract.getPrecision() - contract.getScale()) {
                    problems.add(path + " is " + amount.toPlainString() + ", wider than decimal("
                            + contract.getPrecision() + "," + contract.getScale() + ")");
                }
            }
        });
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of("money out of contract: " + String.join("; ", problems));
    }

    /** The decimal logical type of a field's schema, also inside a union (an optional amount). */
    static LogicalTypes.Decimal decimalOf(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    return decimal;
                }
            }
        }
        return null;
    }
}
