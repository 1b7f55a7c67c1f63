package dev.lakehouse.validation.rules;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * A placed order adds up: each line is quantity x unit price, the subtotal is the sum of the
 * lines, the total is subtotal + shipping + tax, and all of it is in one currency.
 */
public class OrderTotalRule implements Rule {

    @Override
    public String code() {
        return "ORDER_TOTAL_MISMATCH";
    }

    @Override
    public Optional<String> check(Domain domain, SpecificRecord event) {
        if (!(event instanceof OrderEvent order) || !(order.getPayload() instanceof OrderPlaced placed)) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        String currency = placed.getTotal().getCurrency();
        BigDecimal sumOfLines = BigDecimal.ZERO;
        for (OrderLine line : placed.getLines()) {
            BigDecimal expected = line.getUnitPrice().getAmount().multiply(BigDecimal.valueOf(line.getQuantity()));
            if (expected.compareTo(line.getLineTotal().getAmount()) != 0) {
                problems.add("line " + line.getLineNumber() + ": " + line.getQuantity() + " x "
                        + line.getUnitPrice().getAmount() + " is " + expected + ", not "
                        + line.getLineTotal().getAmount());
            }
            sumOfLines = sumOfLines.add(line.getLineTotal().getAmount());
            sameCurrency(problems, "line " + line.getLineNumber(), currency, line.getUnitPrice(), line.getLineTotal());
        }
        if (sumOfLines.compareTo(placed.getSubtotal().getAmount()) != 0) {
            problems.add(
                    "subtotal " + placed.getSubtotal().getAmount() + " is not the sum of the lines, " + sumOfLines);
        }
        BigDecimal total = placed.getSubtotal()
                .getAmount()
                .add(placed.getShipping().getAmount())
                .add(placed.getTax().getAmount());
        if (total.compareTo(placed.getTotal().getAmount()) != 0) {
            problems.add("total " + placed.getTotal().getAmount() + " is not subtotal + shipping + tax, " + total);
        }
        sameCurrency(problems, "order", currency, placed.getSubtotal(), placed.getShipping(), placed.getTax());
        if (placed.getLines().isEmpty()) {
            problems.add("no lines");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void sameCurrency(List<String> problems, String where, String currency, Money... amounts) {
        for (Money money : amounts) {
            if (!currency.equals(money.getCurrency())) {
                problems.add(where + " mixes currencies " + currency + " and " + money.getCurrency());
                return;
            }
        }
    }
}
