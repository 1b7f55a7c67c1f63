package dev.lakehouse.cli;

import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.topics.ProvisionReport;
import dev.lakehouse.topics.TopicPlan;
import dev.lakehouse.topics.TopicProvisioner;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = {
            "Create the declared Kafka topics (lakehouse.topics.*) that are missing, and compare the others.",
            "Existing topics are never altered; a difference is reported and the command exits with 3."
        })
public class TopicsCommand implements Callable<Integer> {

    @Option(
            names = "--dry-run",
            description = "Only compare; create nothing. Exits with 3 if a topic is missing or differs.")
    boolean dryRun;

    @Inject
    TopicPlan plan;

    @Inject
    KafkaSettings kafka;

    @Override
    public Integer call() throws Exception {
        System.out.println("Topics on " + kafka.bootstrapServers() + (dryRun ? " (dry run)" : "") + ":");
        try (Admin admin = Admin.create(kafka.client())) {
            ProvisionReport report = new TopicProvisioner(admin).apply(plan.topics(), !dryRun);
            System.out.println(report.format());
            if (report.hasMismatch()) {
                System.err.println(
                        "Some topics differ from the declaration: change the topic by hand or the declaration.");
                return 3;
            }
            return dryRun && report.hasMissing() ? 3 : 0;
        }
    }
}
