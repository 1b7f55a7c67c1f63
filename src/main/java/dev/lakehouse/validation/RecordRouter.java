package dev.lakehouse.validation;

import dev.lakehouse.events.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Decides where one raw record goes: its domain's validated topic (same key, same bytes, so the
 * schema id still resolves) or the dead-letter topic (same key and bytes, plus why).
 */
public class RecordRouter {

    /** Where a record went and why. */
    public record Routed(ProducerRecord<byte[], byte[]> record, String reasonCode) {
        public boolean valid() {
            return reasonCode == null;
        }
    }

    private final EventDecoder decoder;
    private final Clock clock;

    public RecordRouter(EventDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    /** @throws IOException when the registry cannot be asked; the caller retries the record later */
    public Routed route(ConsumerRecord<byte[], byte[]> in) throws IOException, InterruptedException {
        Domain domain = Domain.ofRawTopic(in.topic()).orElse(null);
        if (domain == null) {
            return deadLetter(in, "UNKNOWN_TOPIC", "topic " + in.topic() + " belongs to no event domain");
        }
        try {
            decoder.decode(domain, in.value());
            return new Routed(new ProducerRecord<>(domain.validTopic(), null, in.key(), in.value(), in.headers()), null);
        } catch (DecodeException e) {
            return deadLetter(in, e.reasonCode(), e.getMessage());
        }
    }

    private Routed deadLetter(ConsumerRecord<byte[], byte[]> in, String code, String reason) {
        Headers headers = new RecordHeaders(in.headers().toArray());
        add(headers, DeadLetterHeaders.REASON_CODE, code);
        add(headers, DeadLetterHeaders.REASON, reason);
        add(headers, DeadLetterHeaders.SOURCE_TOPIC, in.topic());
        add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(in.partition()));
        add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(in.offset()));
        add(headers, DeadLetterHeaders.REJECTED_AT, clock.instant().toString());
        return new Routed(new ProducerRecord<>(Domain.DEAD_LETTER_TOPIC, null, in.key(), in.value(), headers), code);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
