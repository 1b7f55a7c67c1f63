package dev.lakehouse.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes the broker hold the declared topics. Missing topics are created; existing ones are
 * compared and never altered, because changing partitions re-keys data and shrinking
 * retention deletes it: a mismatch is reported for an operator to decide.
 */
public class TopicProvisioner {

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * @param create false only checks (dry run): missing topics are reported, not created
     */
    public ProvisionReport apply(List<TopicSpec> specs, boolean create) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<ProvisionReport.Outcome> outcomes = new ArrayList<>();
            List<TopicSpec> present =
                    specs.stream().filter(s -> existing.contains(s.name())).toList();
            Map<String, List<String>> differences = compare(present);
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    List<String> diff = differences.get(spec.name());
                    outcomes.add(new ProvisionReport.Outcome(
                            spec.name(),
                            diff.isEmpty() ? ProvisionReport.Status.UNCHANGED : ProvisionReport.Status.MISMATCH,
                            diff));
                } else if (create) {
                    outcomes.add(create(spec));
                } else {
                    outcomes.add(new ProvisionReport.Outcome(spec.name(), ProvisionReport.Status.MISSING, List.of()));
                }
            }
            return new ProvisionReport(outcomes);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused the topic request: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private ProvisionReport.Outcome create(TopicSpec spec) throws ExecutionException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                            .configs(spec.configs())))
                    .all()
                    .get();
            return new ProvisionReport.Outcome(spec.name(), ProvisionReport.Status.CREATED, List.of());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Someone else created it between our listing and our create: judge what is there.
            List<String> diff = compare(List.of(spec)).get(spec.name());
            return new ProvisionReport.Outcome(
                    spec.name(),
                    diff.isEmpty() ? ProvisionReport.Status.UNCHANGED : ProvisionReport.Status.MISMATCH,
                    diff);
        }
    }

    /** A topic just created may be listed before every broker can describe it: ask again briefly. */
    private Map<String, TopicDescription> describe(List<String> names) throws ExecutionException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private Map<String, List<String>> compare(Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) {
            return Map.of();
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = describe(names);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                        .toList())
                .all()
                .get();
        return specs.stream().collect(Collectors.toMap(TopicSpec::name, spec -> {
            List<String> diff = new ArrayList<>();
            TopicDescription description = descriptions.get(spec.name());
            int partitions = description.partitions().size();
            if (partitions != spec.partitions()) {
                diff.add("partitions: declared " + spec.partitions() + ", actual " + partitions);
            }
            int replicas = description.partitions().get(0).replicas().size();
            if (replicas != spec.replicationFactor()) {
                diff.add("replication factor: declared " + spec.replicationFactor() + ", actual " + replicas);
            }
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            spec.configs().forEach((key, declared) -> {
                String value = actual.get(key) == null ? null : actual.get(key).value();
                if (!declared.equals(value)) {
                    diff.add(key + ": declared " + declared + ", actual " + value);
                }
            });
            return diff;
        }));
    }
}
