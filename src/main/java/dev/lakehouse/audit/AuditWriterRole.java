package dev.lakehouse.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.roles.Role;
import dev.lakehouse.roles.Roles;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.supervision.SupervisedLoop;
import dev.lakehouse.supervision.Supervisor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * Instances with the api role copy the audit topic into audit.api_events (lakehouse.audit.table.enabled). Written by
 * the app, not by a spark-jobs stream: a few events per API call do not justify a Spark query beside the event
 * streams, and the app already has the Iceberg writer it needs. More than one instance may run it: the table's
 * fenced commits ({@link AuditTable}) let only one of them commit each record.
 */
@ApplicationScoped
public class AuditWriterRole {

    /** The supervised loop's name, in liveness and in lakehouse.loop.restarts{loop=audit-writer}. */
    public static final String LOOP = "audit-writer";

    private static final Logger LOG = Logger.getLogger(AuditWriterRole.class);

    private final Roles roles;
    private final AuditConfig config;
    private final KafkaSettings kafka;
    private final LakeCatalog lake;
    private final ObjectMapper json;
    private final Supervisor supervisor;
    private volatile SupervisedLoop supervised;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    AuditWriterRole(
            Roles roles,
            AuditConfig config,
            KafkaSettings kafka,
            LakeCatalog lake,
            ObjectMapper json,
            Supervisor supervisor) {
        this.roles = roles;
        this.config = config;
        this.kafka = kafka;
        this.lake = lake;
        this.json = json;
        this.supervisor = supervisor;
    }

    // After the topics are in place (TopicsOnStart runs first).
    void start(@Observes @Priority(120) StartupEvent event) {
        if (!roles.has(Role.API) || !config.table().enabled()) {
            return;
        }
        // Nothing is fatal: a missing topic or catalog, a broker or catalog outage are waited out.
        supervised = supervisor.start(LOOP, failure -> false, this::copy);
        LOG.infof(
                "Audit writer started: audit topic -> audit.api_events every %s",
                config.table().commitInterval());
    }

    private void copy(Heartbeat heartbeat) throws InterruptedException {
        while (!stopping) {
            heartbeat.beat();
            Optional<Catalog> catalog = lake.open();
            if (catalog.isPresent()) {
                Table table = AuditTable.ensure(catalog.get());
                try (KafkaConsumer<byte[], byte[]> reader = kafka.reader("lakehouse-audit-writer")) {
                    consumer = reader;
                    AuditTableWriter writer = new AuditTableWriter(
                            reader, table, json, config.table().commitInterval(), Clock.systemUTC());
                    if (writer.run(heartbeat, () -> stopping)) {
                        return;
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    if (stopping) {
                        return;
                    }
                    throw e;
                } finally {
                    consumer = null;
                }
            }
            // The embedded catalog does not exist yet (no stream has started), or the audit topic is missing.
            Thread.sleep(Math.min(config.table().commitInterval().toMillis(), 10_000));
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (supervised != null) {
            supervised.stop(
                    () -> {
                        KafkaConsumer<byte[], byte[]> current = consumer;
                        if (current != null) {
                            current.wakeup();
                        }
                    },
                    Duration.ofSeconds(15));
        }
    }
}
