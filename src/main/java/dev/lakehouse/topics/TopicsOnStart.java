package dev.lakehouse.topics;

import dev.lakehouse.kafka.KafkaSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/** Creates missing topics at start-up when lakehouse.topics.apply-on-start is true. */
@ApplicationScoped
public class TopicsOnStart {

    private static final Logger LOG = Logger.getLogger(TopicsOnStart.class);

    void apply(@Observes @Priority(10) StartupEvent event, TopicsConfig config, TopicPlan plan, KafkaSettings kafka)
            throws InterruptedException {
        if (!config.applyOnStart()) {
            return;
        }
        try (Admin admin = Admin.create(kafka.client())) {
            ProvisionReport report = new TopicProvisioner(admin).apply(plan.topics(), true);
            if (report.hasMismatch()) {
                throw new IllegalStateException("Topics on the broker differ from the declaration "
                        + "(lakehouse.topics.*); fix the topic or the declaration:\n" + report.format());
            }
            LOG.infof("Topics in place:\n%s", report.format());
        }
    }
}
