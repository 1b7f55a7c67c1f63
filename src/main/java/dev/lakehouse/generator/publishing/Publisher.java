package dev.lakehouse.generator.publishing;

import dev.lakehouse.contracts.privacy.RecordSealer;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.EmissionSink;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import dev.lakehouse.kafka.NativeLz4;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends emissions to the domains' raw topics: Avro events through Apicurio's serializer (schema
 * looked up, never registered), poison bytes through a plain byte producer. Both idempotent
 * with acks=all. Each batch is one producer span whose W3C traceparent goes into every
 * record's headers, so the validator and Spark can continue the trace. Personal fields are sealed
 * with their subject's key first ({@link RecordSealer}).
 */
public final class Publisher implements EmissionSink {

    public static final String TRACEPARENT = "traceparent";

    private final KafkaProducer<String, SpecificRecord> events;
    private final KafkaProducer<String, byte[]> raw;
    private final CountingSerializer<SpecificRecord> eventBytes;
    private final CountingSerializer<byte[]> rawBytes;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final MeterRegistry meters;
    /** By event type, then fault (slot 0: none, else ordinal + 1). */
    private final Map<String, Counter[]> counters = new HashMap<>();

    private final Timer latency;
    private final Counter errors;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Map<Domain, String> topics = new EnumMap<>(Domain.class);
    private final RecordSealer sealer;

    public Publisher(
            Map<String, Object> clientConfig,
            String registryUrl,
            ProducerTuning tuning,
            Tracer tracer,
            TextMapPropagator propagator,
            MeterRegistry meters,
            RecordSealer sealer) {
        this.sealer = sealer;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, tuning.compression());
        config.put(ProducerConfig.LINGER_MS_CONFIG, tuning.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, tuning.batchSize());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lakehouse-generator");
        config.put("apicurio.registry.url", registryUrl);
        // Schemas are registered by the 'schemas' command under FULL_TRANSITIVE; a producer that
        // registered its own would bypass that gate.
        config.put("apicurio.registry.auto-register", false);
        // Look the schema up as it is stored: whole, shared types inlined, not as references.
        config.put("apicurio.registry.dereference-schema", true);
        NativeLz4.load();
        AvroKafkaSerializer<SpecificRecord> avro = new AvroKafkaSerializer<>();
        avro.configure(config, false);
        FramedAvroSerializer framed = new FramedAvroSerializer(avro);
        this.eventBytes = new CountingSerializer<>(framed);
        this.events = new KafkaProducer<>(config, new StringSerializer(), eventBytes);
        Map<String, Object> rawConfig = new HashMap<>(config);
        rawConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "lakehouse-generator-poison");
        this.rawBytes = new CountingSerializer<>(new ByteArraySerializer());
        this.raw = new KafkaProducer<>(rawConfig, new StringSerializer(), rawBytes);
        for (Domain domain : Domain.values()) {
            topics.put(domain, domain.rawTopic());
        }
        this.tracer = tracer;
        this.propagator = propagator;
        this.meters = meters;
        this.latency = Timer.builder("lakehouse.generator.send.latency")
                .description("time from handing a batch over to the acknowledgement of its last record")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.errors = Counter.builder("lakehouse.generator.send.errors")
                .description("records the broker did not accept")
                .register(meters);
        prepare(framed);
    }

    /**
     * Fails fast, before the first record, if a raw topic is missing or a domain's schema is not
     * registered, instead of blocking in send() for max.block.ms or failing mid-run; and so a
     * run's clock does not include the metadata fetch and the schema lookups (about 3 s here).
     */
    private void prepare(FramedAvroSerializer framed) {
        for (String topic : topics.values()) {
            events.partitionsFor(topic);
            raw.partitionsFor(topic);
        }
        Simulation sample = new Simulation(GeneratorSettings.defaults(0, java.time.Instant.EPOCH));
        Map<Domain, Boolean> primed = new EnumMap<>(Domain.class);
        for (int i = 0; i < 100_000 && primed.size() < topics.size(); i++) {
            Emission e = sample.next();
            if (primed.putIfAbsent(e.domain(), true) == null) {
                framed.serialize(topics.get(e.domain()), e.event());
            }
        }
    }

    @Override
    public void send(List<Emission> batch) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("an earlier send failed: " + failed, failed);
        }
        Span span = tracer.spanBuilder("generator send")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.batch.message_count", batch.size())
                .startSpan();
        // Counted per batch: each increment of a Prometheus counter also samples an exemplar.
        Map<Counter, Integer> sent = new IdentityHashMap<>();
        try (Scope ignored = span.makeCurrent()) {
            Map<String, String> carrier = new HashMap<>(4);
            propagator.inject(Context.current(), carrier, Map::put);
            String parent = carrier.get(TRACEPARENT);
            byte[] traceparent = parent == null ? null : parent.getBytes(StandardCharsets.US_ASCII);
            Callback callback = new Acknowledgement(System.nanoTime(), batch.size());
            // One header set for the batch: its records share the span, and the producer only reads it.
            RecordHeaders headers = new RecordHeaders();
            if (traceparent != null) {
                headers.add(TRACEPARENT, traceparent);
            }
            for (Emission e : batch) {
                String topic = topics.get(e.domain());
                if (e.isRaw()) {
                    raw.send(new ProducerRecord<>(topic, null, e.key(), e.raw(), headers), callback);
                } else {
                    sealer.seal(e.key(), e.event());
                    events.send(new ProducerRecord<>(topic, null, e.key(), e.event(), headers), callback);
                }
                sent.merge(counter(e), 1, Integer::sum);
            }
        } catch (RuntimeException e) {
            span.recordException(e);
            errors.increment();
            throw e;
        } finally {
            sent.forEach(Counter::increment);
            span.end();
        }
    }

    private Counter counter(Emission e) {
        Counter[] byFault = counters.computeIfAbsent(e.type(), type -> new Counter[Fault.values().length + 1]);
        int slot = e.fault() == null ? 0 : e.fault().ordinal() + 1;
        Counter counter = byFault[slot];
        if (counter == null) {
            counter = Counter.builder("lakehouse.generator.events")
                    .description("records sent, by event type and injected fault")
                    .tag("domain", e.domain().id())
                    .tag("type", e.type())
                    .tag("fault", e.fault() == null ? "none" : e.fault().name())
                    .register(meters);
            byFault[slot] = counter;
        }
        return counter;
    }

    /**
     * One per batch: its records were handed over together, so they share a start time, and the
     * latency is recorded once, when the last of them is acknowledged. A timer sample per record
     * (percentile histograms) took a third of the producer's network thread in a profile.
     */
    private final class Acknowledgement implements Callback {
        private final long sentAt;
        private final AtomicInteger pending;

        Acknowledgement(long sentAt, int records) {
            this.sentAt = sentAt;
            this.pending = new AtomicInteger(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                errors.increment();
                failure.compareAndSet(null, exception);
            } else if (pending.decrementAndGet() == 0) {
                latency.record(System.nanoTime() - sentAt, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void flush() {
        events.flush();
        raw.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("sending to Kafka failed: " + failed, failed);
        }
    }

    @Override
    public long valueBytes() {
        return eventBytes.bytes() + rawBytes.bytes();
    }

    @Override
    public void close() {
        events.close();
        raw.close();
    }
}
