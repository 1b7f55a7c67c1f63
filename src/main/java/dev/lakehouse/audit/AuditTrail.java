package dev.lakehouse.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.kafka.KafkaSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends audit events to the audit topic. A request only puts its event into a bounded buffer (it never waits for
 * Kafka, and a slow broker cannot hold up the API's threads); one sender thread hands them to an idempotent producer
 * with acks=all. An event that cannot be buffered (the buffer is full) or that the broker did not take is never lost
 * silently: it is counted in {@code lakehouse_audit_events_total{result="dropped"|"failed"}} and logged whole at
 * ERROR, so the log holds it. Operator actions and erasures wait for the acknowledgement ({@link #record} returns it).
 */
@ApplicationScoped
public class AuditTrail {

    /** The event as logged when it could not be sent: a fixed prefix to search the logs for. */
    public static final String UNSENT = "AUDIT EVENT NOT SENT";

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    private record Pending(AuditEvent event, byte[] json, CompletableFuture<Void> acked) {}

    private final KafkaSettings kafka;
    private final AuditConfig config;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final BlockingQueue<Pending> buffer;
    private final Object producerLock = new Object();
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile Thread sender;
    private volatile boolean closing;
    private Counter sent;
    private Counter failed;
    private Counter dropped;

    AuditTrail(KafkaSettings kafka, AuditConfig config, MeterRegistry meters, ObjectMapper json) {
        this.kafka = kafka;
        this.config = config;
        this.meters = meters;
        this.json = json;
        this.buffer = new ArrayBlockingQueue<>(Math.max(1, config.bufferSize()));
    }

    @PostConstruct
    void meters() {
        sent = counter("sent", "audit events the broker acknowledged");
        failed = counter("failed", "audit events the broker did not take (logged at ERROR)");
        dropped = counter("dropped", "audit events not sent because the buffer was full (logged at ERROR)");
        Gauge.builder("lakehouse.audit.buffered", buffer, BlockingQueue::size)
                .description("audit events waiting for the producer")
                .register(meters);
    }

    private Counter counter(String result, String description) {
        return Counter.builder("lakehouse.audit.events")
                .description(description)
                .tag("result", result)
                .register(meters);
    }

    /**
     * Buffers the event for the audit topic; the returned stage completes when the broker acknowledged it and fails
     * when it was dropped or not taken (both already counted and logged). Never blocks, never throws.
     */
    public CompletableFuture<Void> record(AuditEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(event);
        } catch (JsonProcessingException | RuntimeException e) {
            unsent(failed, event, "it could not be written as JSON: " + e);
            acked.completeExceptionally(e);
            return acked;
        }
        startSender();
        if (closing || !buffer.offer(new Pending(event, bytes, acked))) {
            unsent(dropped, event, closing ? "the app is shutting down" : "the audit buffer is full");
            acked.completeExceptionally(new AuditUnavailableException("the audit buffer is full"));
        }
        return acked;
    }

    /** Records the event and waits for the broker's acknowledgement; {@link AuditUnavailableException} if none came. */
    public void recordAndWait(AuditEvent event) {
        try {
            record(event).get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while waiting for the audit topic");
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit topic did not acknowledge the event within "
                    + config.ackTimeout() + "; nothing was done");
        }
    }

    public Duration ackTimeout() {
        return config.ackTimeout();
    }

    /** Events waiting for the producer (for tests and the gauge). */
    public int buffered() {
        return buffer.size();
    }

    /** Starts the sender thread on the first event; the producer is built there, so no caller waits for it. */
    private void startSender() {
        if (sender != null) {
            return;
        }
        synchronized (producerLock) {
            if (sender != null || closing) {
                return;
            }
            Thread thread = new Thread(this::send, "audit-sender");
            thread.setDaemon(true);
            thread.start();
            sender = thread;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> settings = kafka.client();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "lakehouse-audit");
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** The sender thread: may block in send() while the broker is away; the buffer in front of it is bounded. */
    private void send() {
        String noProducer = null;
        try {
            producer = producer();
        } catch (RuntimeException e) {
            // No producer (no brokers configured, a bad client setting): every event still goes to the log, whole.
            noProducer = "no producer for the audit topic: " + e.getMessage();
            LOG.error(noProducer, e);
        }
        while (!closing || !buffer.isEmpty()) {
            Pending next;
            try {
                next = buffer.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                continue;
            }
            Pending pending = next;
            if (noProducer != null) {
                unsent(failed, pending.event(), noProducer);
                pending.acked().completeExceptionally(new AuditUnavailableException(noProducer));
                continue;
            }
            try {
                // Keyed by subject: one caller's events stay in order on one partition.
                producer.send(
                        new ProducerRecord<>(AuditTopic.NAME, pending.event().subject(), pending.json()),
                        (metadata, error) -> {
                            if (error == null) {
                                sent.increment();
                                pending.acked().complete(null);
                            } else {
                                unsent(failed, pending.event(), "the broker did not take it: " + error);
                                pending.acked().completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                unsent(failed, pending.event(), "the producer refused it: " + e);
                pending.acked().completeExceptionally(e);
            }
        }
    }

    private void unsent(Counter counter, AuditEvent event, String why) {
        counter.increment();
        String whole;
        try {
            whole = new String(json.writeValueAsBytes(event), StandardCharsets.UTF_8);
        } catch (JsonProcessingException | RuntimeException e) {
            whole = String.valueOf(event);
        }
        LOG.errorf("%s (%s): %s", UNSENT, why, whole);
    }

    /** Sends what is buffered (up to the ack timeout), then closes the producer. */
    void close(@Observes ShutdownEvent event) throws InterruptedException {
        closing = true;
        Thread thread = sender;
        if (thread != null) {
            thread.join(config.ackTimeout().toMillis());
        }
        KafkaProducer<String, byte[]> open = producer;
        if (open != null) {
            open.close(config.ackTimeout());
        }
    }
}
