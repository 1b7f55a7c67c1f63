package dev.lakehouse.privacy;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.customers.ErasureRequested;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.schemas.RegistryConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts an erasure request where the shop's own requests go: an {@code ErasureRequested} event on the customers' raw
 * topic, keyed by the customer. From there it takes the path of every event (validator, bronze, silver, or the late
 * table) and the erase pass acts on it, so a request made here and one made in the shop are one and the same.
 */
@ApplicationScoped
public class ErasureRequests {

    public static final String CHANNEL = "privacy-api";
    private static final int SCHEMA_VERSION = 1;

    private final KafkaSettings kafka;
    private final RegistryConfig registry;
    private volatile KafkaProducer<String, SpecificRecord> producer;

    ErasureRequests(KafkaSettings kafka, RegistryConfig registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** A new request id, for the audit trail to record before the request is sent. */
    public String newRequestId() {
        return "er-" + UUID.randomUUID();
    }

    /** Sends the request and returns once the broker has it; throws when it does not within 10 s. */
    public void send(String requestId, String customerId)
            throws InterruptedException, ExecutionException, TimeoutException {
        CustomerEvent event = new CustomerEvent(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                SCHEMA_VERSION,
                customerId,
                new ErasureRequested(requestId, CHANNEL));
        producer()
                .send(new ProducerRecord<>(Domain.CUSTOMERS.rawTopic(), customerId, event))
                .get(10, TimeUnit.SECONDS);
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = kafka.client();
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.CLIENT_ID_CONFIG, "lakehouse-privacy");
                    config.put("apicurio.registry.url", registry.url());
                    // Schemas are registered by the 'schemas' command only (FULL_TRANSITIVE gate).
                    config.put("apicurio.registry.auto-register", false);
                    config.put("apicurio.registry.dereference-schema", true);
                    AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>();
                    avro.configure(config, false);
                    producer = new KafkaProducer<>(config, new StringSerializer(), avro);
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
