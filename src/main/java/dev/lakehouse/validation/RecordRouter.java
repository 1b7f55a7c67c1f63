package dev.lakehouse.validation;

import dev.lakehouse.contracts.decoding.RejectReason;
import dev.lakehouse.contracts.decoding.RejectedRecordException;
import dev.lakehouse.contracts.topics.Domain;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Decides where one raw record goes: its domain's validated topic (same key, same bytes, so the
 * schema id still resolves), the dead-letter topic (same key and bytes, plus why), or nowhere
 * (a duplicate of an event already passed on).
 *
 * <p>One record can only fail itself: the checks run in the order size, value frame, key,
 * decode, rules, and anything unexpected while judging a record (an exception of a rule, a
 * stack overflow on a deeply nested value) makes that record's dead letter with INTERNAL_ERROR.
 * Only a registry that cannot be reached ({@link IOException}) leaves {@link #route}, so the
 * batch is retried rather than good records being thrown away.
 */
public class RecordRouter {

    private static final Logger LOG = Logger.getLogger(RecordRouter.class);

    /** Header on validated records, so the duplicate filter can be rebuilt without decoding. */
    public static final String EVENT_ID_HEADER = "event_id";

    public static final String DUPLICATE = "DUPLICATE";
    public static final String MISSING_KEY = "MISSING_KEY";
    public static final String RECORD_TOO_LARGE = "RECORD_TOO_LARGE";
    public static final String UNKNOWN_TOPIC = "UNKNOWN_TOPIC";
    public static final int DEFAULT_MAX_FORWARD_BYTES = 1_000_000;
    /**
     * Room kept for what the validator adds to a forwarded record: the dlq.* headers (the
     * reason is cut to {@link #MAX_REASON_CHARS} chars, at most 3 bytes each), the event_id and trace headers, and Kafka's
     * per-record overhead. Generous on purpose: too little and the send fails for good.
     */
    static final int ADDED_BYTES_ALLOWANCE = 4_096;

    static final int MAX_REASON_CHARS = 1_000;

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
    private final int maxForwardBytes;

    public RecordRouter(
            EventDecoder decoder, List<Rule> rules, DuplicateFilter duplicates, Clock clock, OpenTelemetry telemetry) {
        this(decoder, rules, duplicates, clock, telemetry, DEFAULT_MAX_FORWARD_BYTES);
    }

    /** @param maxForwardBytes the largest record (key, value, headers and what is added) sent on */
    public RecordRouter(
            EventDecoder decoder,
            List<Rule> rules,
            DuplicateFilter duplicates,
            Clock clock,
            OpenTelemetry telemetry,
            int maxForwardBytes) {
        this.decoder = decoder;
        this.rules = rules;
        this.duplicates = duplicates;
        this.clock = clock;
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer("lakehouse-validator");
        this.maxForwardBytes = maxForwardBytes;
    }

    /** @throws IOException when the registry cannot be asked; the caller retries the record later */
    public Routed route(ConsumerRecord<byte[], byte[]> in) throws IOException, InterruptedException {
        Context parent = KafkaTracing.extract(telemetry, in.headers());
        Span span = tracer.spanBuilder("validate " + in.topic())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .startSpan();
        try {
            Routed routed = judge(in, parent.with(span));
            span.setAttribute("lakehouse.outcome", routed.valid() ? "valid" : routed.reasonCode());
            return routed;
        } finally {
            span.end();
        }
    }

    /** The catch-all around one record: whatever goes wrong judging it is its own failure. */
    private Routed judge(ConsumerRecord<byte[], byte[]> in, Context context) throws IOException, InterruptedException {
        try {
            return decide(in, context);
        } catch (RejectedRecordException e) {
            return deadLetter(in, e.reason().name(), e.getMessage(), context);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf(
                    "Record %s/%d/%d failed the validator unexpectedly, dead-lettered as INTERNAL_ERROR: %s",
                    in.topic(), in.partition(), in.offset(), e);
            return deadLetter(in, RejectReason.INTERNAL_ERROR.name(), oneLine(e), context);
        }
    }

    private Routed decide(ConsumerRecord<byte[], byte[]> in, Context context) throws IOException, InterruptedException {
        long size = forwardSize(in);
        if (size > maxForwardBytes) {
            return tooLarge(in, size, context);
        }
        if (in.value() == null) {
            return deadLetter(
                    in, RejectReason.TOMBSTONE.name(), "value is null (tombstone): there is no event", context);
        }
        if (in.value().length == 0) {
            return deadLetter(in, RejectReason.EMPTY_VALUE.name(), "value has 0 bytes", context);
        }
        if (in.key() == null || in.key().length == 0) {
            return deadLetter(
                    in,
                    MISSING_KEY,
                    "key is " + (in.key() == null ? "null" : "empty")
                            + ": every domain topic is keyed (the key orders an entity's events)",
                    context);
        }
        Domain domain = Domain.ofRawTopic(in.topic()).orElse(null);
        if (domain == null) {
            return deadLetter(in, UNKNOWN_TOPIC, "topic " + in.topic() + " belongs to no event domain", context);
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

    /** Bytes of the record as it would be sent on: key, value, headers, and room for what is added. */
    static long forwardSize(ConsumerRecord<byte[], byte[]> in) {
        long size = (in.key() == null ? 0 : in.key().length)
                + (in.value() == null ? 0 : in.value().length)
                + ADDED_BYTES_ALLOWANCE;
        for (Header header : in.headers()) {
            size += header.key().length() * 3L + (header.value() == null ? 0 : header.value().length) + 8;
        }
        return size;
    }

    /**
     * A record that could not be sent on, not even as a dead letter, without failing the batch's
     * send for good: a pointer goes to the dead-letter topic instead (value null), naming where
     * the raw record stays. Its original headers are left out (they may be what is too large);
     * its key too, in the unlikely case the key alone is too large.
     */
    private Routed tooLarge(ConsumerRecord<byte[], byte[]> in, long size, Context context) {
        boolean keepKey = in.key() != null && in.key().length + ADDED_BYTES_ALLOWANCE <= maxForwardBytes;
        Headers headers = new RecordHeaders();
        String reason = "record of about " + size + " bytes with the headers the validator adds is above "
                + "lakehouse.validator.max-forward-bytes=" + maxForwardBytes + "; the payload stays on the raw topic"
                + (keepKey || in.key() == null ? "" : "; its key of " + in.key().length + " bytes is left out too");
        dlqHeaders(headers, in, RECORD_TOO_LARGE, reason);
        add(
                headers,
                DeadLetterHeaders.PAYLOAD_LOCATION,
                "kafka:" + in.topic() + "/" + in.partition() + "/" + in.offset());
        KafkaTracing.inject(telemetry, context, headers);
        return new Routed(
                new ProducerRecord<>(Domain.DEAD_LETTER_TOPIC, null, keepKey ? in.key() : null, null, headers),
                RECORD_TOO_LARGE);
    }

    private Routed deadLetter(ConsumerRecord<byte[], byte[]> in, String code, String reason, Context context) {
        Headers headers = new RecordHeaders(in.headers().toArray());
        dlqHeaders(headers, in, code, reason);
        KafkaTracing.inject(telemetry, context, headers);
        return new Routed(new ProducerRecord<>(Domain.DEAD_LETTER_TOPIC, null, in.key(), in.value(), headers), code);
    }

    private void dlqHeaders(Headers headers, ConsumerRecord<byte[], byte[]> in, String code, String reason) {
        // A replayed dead letter carries the dlq.* headers of its first rejection: one set only.
        for (String name : List.of(
                DeadLetterHeaders.REASON_CODE,
                DeadLetterHeaders.REASON,
                DeadLetterHeaders.SOURCE_TOPIC,
                DeadLetterHeaders.SOURCE_PARTITION,
                DeadLetterHeaders.SOURCE_OFFSET,
                DeadLetterHeaders.REJECTED_AT,
                DeadLetterHeaders.PAYLOAD_LOCATION)) {
            headers.remove(name);
        }
        add(headers, DeadLetterHeaders.REASON_CODE, code);
        add(headers, DeadLetterHeaders.REASON, cut(reason));
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, in.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(in.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(in.offset()));
        add(headers, DeadLetterHeaders.REJECTED_AT, clock.instant().toString());
    }

    /** One line of at most {@link #MAX_REASON_CHARS}: the class and message of the exception. */
    static String oneLine(Throwable e) {
        return cut(String.valueOf(e).replaceAll("[\\r\\n]+", " "));
    }

    private static String cut(String reason) {
        String text = reason == null ? "" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS - 3) + "...";
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
