package dev.lakehouse.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TopicProvisioningTest {

    @Inject
    TopicPlan plan;

    private final Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackResource.BOOTSTRAP));

    @AfterEach
    void close() {
        admin.close();
    }

    /** A new topic's metadata reaches the broker's cache a moment after the create call returns. */
    private TopicDescription described(String topic) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic);
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void createsMissingTopicsOnceAndThenChangesNothing() throws Exception {
        String prefix = "test.provision." + UUID.randomUUID() + ".";
        List<TopicSpec> specs = List.of(
                new TopicSpec(
                        prefix + "a", 3, (short) 1, Map.of("retention.ms", "3600000", "cleanup.policy", "delete")),
                new TopicSpec(prefix + "b", 1, (short) 1, Map.of("retention.ms", "-1", "cleanup.policy", "compact")));
        TopicProvisioner provisioner = new TopicProvisioner(admin);

        ProvisionReport first = provisioner.apply(specs, true);
        assertThat(first.outcomes())
                .extracting(ProvisionReport.Outcome::status)
                .containsExactly(ProvisionReport.Status.CREATED, ProvisionReport.Status.CREATED);
        TopicDescription a = described(prefix + "a");
        assertThat(a.partitions()).hasSize(3);
        described(prefix + "b");
        var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, prefix + "b")))
                .all()
                .get()
                .get(new ConfigResource(ConfigResource.Type.TOPIC, prefix + "b"));
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");

        ProvisionReport second = provisioner.apply(specs, true);
        assertThat(second.outcomes())
                .extracting(ProvisionReport.Outcome::status)
                .containsExactly(ProvisionReport.Status.UNCHANGED, ProvisionReport.Status.UNCHANGED);
        assertThat(second.hasMismatch()).isFalse();
    }

    @Test
    void reportsEveryDifferenceWithoutAlteringTheTopic() throws Exception {
        String topic = "test.provision." + UUID.randomUUID();
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        provisioner.apply(List.of(new TopicSpec(topic, 2, (short) 1, Map.of("retention.ms", "3600000"))), true);

        ProvisionReport report =
                provisioner.apply(List.of(new TopicSpec(topic, 4, (short) 1, Map.of("retention.ms", "7200000"))), true);

        assertThat(report.hasMismatch()).isTrue();
        assertThat(report.outcome(topic).differences())
                .containsExactlyInAnyOrder(
                        "partitions: declared 4, actual 2", "retention.ms: declared 7200000, actual 3600000");
        assertThat(report.format()).contains(topic).contains("MISMATCH").contains("partitions: declared 4, actual 2");
        assertThat(described(topic).partitions())
                .as("the topic was left as it was")
                .hasSize(2);
    }

    @Test
    void dryRunReportsMissingTopicsAndCreatesNone() throws Exception {
        String topic = "test.provision." + UUID.randomUUID();
        ProvisionReport report =
                new TopicProvisioner(admin).apply(List.of(new TopicSpec(topic, 1, (short) 1, Map.of())), false);
        assertThat(report.outcome(topic).status()).isEqualTo(ProvisionReport.Status.MISSING);
        assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }

    @Test
    void thePlatformTopicsWereCreatedAtStartAsDeclared() throws Exception {
        List<TopicSpec> declared = plan.topics();
        assertThat(declared)
                .extracting(TopicSpec::name)
                .contains(
                        Domain.ORDERS.rawTopic(), Domain.ORDERS.validTopic(), Domain.DEAD_LETTER_TOPIC, AuditTopic.NAME)
                .hasSize(Domain.values().length * 2 + 2);
        // The audit trail is append-only and long-lived: never compacted, kept a year.
        TopicSpec audit = declared.stream()
                .filter(t -> t.name().equals(AuditTopic.NAME))
                .findFirst()
                .orElseThrow();
        assertThat(audit.configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry(
                        "retention.ms",
                        Long.toString(java.time.Duration.ofDays(365).toMillis()));
        ProvisionReport report = new TopicProvisioner(admin).apply(declared, false);
        assertThat(report.outcomes())
                .allSatisfy(o -> assertThat(o.status()).as(o.topic()).isEqualTo(ProvisionReport.Status.UNCHANGED));
    }
}
