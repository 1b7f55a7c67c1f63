package dev.lakehouse.validation;

import dev.lakehouse.events.Domain;
import dev.lakehouse.telemetry.KafkaTracing;
import dev.lakehouse.validation.rules.EventTimes;
import dev.lakehouse.validation.rules.Rule;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Decides where one raw record goes: its domain's validated topic (same key, same bytes, so the
 * schema id still resolves), the dead-letter topic (same key and bytes, plus why), or nowhere
 * (a duplicate of an event already passed on).
 */
public class RecordRouter {

    /** Header on validated records, so the duplicate filter can be rebuilt without decoding. */
    public static final String EVENT_ID_HEADER = "event_id";
    public static final String DUPLICATE = "DUPLICATE";

    /** Where a record went and why; {@code record} is null for a dropped duplicate. */
    public record Routed(ProducerRecord<byte[], byte[]> record, String reasonCode) {
        public boolean valid() {
            return reasonCode == null;
        }

        public boolean duplicate() {
            return DUPLICATE.equals(reasonCode);
        }
    }

    private final EventDecoder decoder;
    private final List<Rule> rules;
    private final DuplicateFilter duplicates;
    private final Clock clock;
    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    public RecordRouter(EventDecoder decoder, List<Rule> rules, DuplicateFilter duplicates, Clock clock, OpenTelemetry telemetry) {
        this.decoder = decoder;
        this.rules = rules;
        this.duplicates = duplicates;
        this.clock = clock;
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer("lakehouse-validator");
    }

    /** @throws IOException when the registry cannot be asked; the caller retries the record later */
    public Routed route(ConsumerRecord<byte[], byte[]> in) throws IOException, InterruptedException {
        Context parent = KafkaTracing.extract(telemetry, in.headers());
        Span span = tracer.spanBuilder("validate " + in.topic()).setParent(parent).setSpanKind(SpanKind.CONSUMER).startSpan();
        try {
            Routed routed = decide(in, parent.with(span));
            span.setAttribute("lakehouse.outcome", routed.valid() ? "valid" : routed.reasonCode());
            return routed;
        } finally {
            span.end();
        }
    }

    private Routed decide(ConsumerRecord<byte[], byte[]> in, Context context) throws IOException, InterruptedException {
        Domain domain = Domain.ofRawTopic(in.topic()).orElse(null);
        if (domain == null) {
            return deadLetter(in, "UNKNOWN_TOPIC", "topic " + in.topic() + " belongs to no event domain", context);
        }
        SpecificRecord event;
        try {
            event = decoder.decode(domain, in.value());
        } catch (DecodeException e) {
            return deadLetter(in, e.reasonCode(), e.getMessage(), context);
        }
        for (Rule rule : rules) {
            Optional<String> violation = rule.check(domain, event);
            if (violation.isPresent()) {
                return deadLetter(in, rule.code(), violation.get(), context);
            }
        }
        String eventId = EventTimes.eventId(event);
        if (!duplicates.firstTime(eventId, clock.instant())) {
            return new Routed(null, DUPLICATE);
        }
        Headers headers = new RecordHeaders(in.headers().toArray());
        headers.remove(EVENT_ID_HEADER);
        headers.add(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
        KafkaTracing.inject(telemetry, context, headers);
        return new Routed(new ProducerRecord<>(domain.validTopic(), null, in.key(), in.value(), headers), null);
    }

    private Routed deadLetter(ConsumerRecord<byte[], byte[]> in, String code, String reason, Context context) {
        Headers headers = new RecordHeaders(in.headers().toArray());
        add(headers, DeadLetterHeaders.REASON_CODE, code);
        add(headers, DeadLetterHeaders.REASON, reason);
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, in.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(in.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(in.offset()));
        add(headers, DeadLetterHeaders.REJECTED_AT, clock.instant().toString());
        KafkaTracing.inject(telemetry, context, headers);
        return new Routed(new ProducerRecord<>(Domain.DEAD_LETTER_TOPIC, null, in.key(), in.value(), headers), code);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
