package dev.lakehouse.validation.replay;

import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Judge the dead letters (commerce.dlq) again with today's rules, e.g. after a rule change or a",
            "catalog fix, and send those that pass back to their raw topic for the validator to take.",
            "Run it with --dry-run first: it reports, per original reason, what would pass and what still fails."
        })
public class ReplayCommand implements Callable<Integer> {

    @Option(names = "--dry-run", description = "Only report; send nothing.")
    boolean dryRun;

    @Option(
            names = "--reason",
            paramLabel = "CODE",
            description = "Only dead letters rejected for this reason, e.g. UNKNOWN_PRODUCT.")
    String reason;

    @Inject
    Replays replays;

    @Override
    public Integer call() throws Exception {
        System.out.println("Judging the dead letters on commerce.dlq again" + (dryRun ? " (dry run)" : "") + " ...");
        DeadLetterReplayer.Report report = replays.run(dryRun, Optional.ofNullable(reason));
        print("would pass now (by original reason)", report.wouldPass());
        print("still failing (original -> today's reason)", report.stillFailing());
        System.out.println(dryRun ? "Dry run: nothing sent." : "Sent back to their raw topics: " + report.replayed());
        return 0;
    }

    private static void print(String title, Map<String, Integer> counts) {
        System.out.println(title + ":");
        if (counts.isEmpty()) {
            System.out.println("  (none)");
        }
        counts.forEach((key, count) -> System.out.printf("  %-50s %d%n", key, count));
    }
}
