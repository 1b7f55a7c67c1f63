package dev.lakehouse.topics;

import java.util.List;
import java.util.stream.Collectors;

/** What provisioning found and did, one line per declared topic. */
public record ProvisionReport(List<Outcome> outcomes) {

    public enum Status {
        CREATED,
        UNCHANGED,
        MISSING,
        MISMATCH
    }

    /** @param differences for MISMATCH, each declared-vs-actual difference in words */
    public record Outcome(String topic, Status status, List<String> differences) {}

    public boolean hasMismatch() {
        return outcomes.stream().anyMatch(o -> o.status() == Status.MISMATCH);
    }

    public boolean hasMissing() {
        return outcomes.stream().anyMatch(o -> o.status() == Status.MISSING);
    }

    public Outcome outcome(String topic) {
        return outcomes.stream()
                .filter(o -> o.topic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("topic not in report: " + topic));
    }

    /** A readable table for the CLI and logs. */
    public String format() {
        int width = outcomes.stream().mapToInt(o -> o.topic().length()).max().orElse(5);
        return outcomes.stream()
                .map(o -> String.format(
                                "%-" + width + "s  %-9s %s", o.topic(), o.status(), String.join("; ", o.differences()))
                        .stripTrailing())
                .collect(Collectors.joining("\n"));
    }
}
