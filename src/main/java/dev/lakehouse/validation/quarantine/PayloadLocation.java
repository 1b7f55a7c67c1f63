package dev.lakehouse.validation.quarantine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/** Where a too-large record's bytes stay: {@code kafka:<topic>/<partition>/<offset>} (header dlq.payload.location). */
record PayloadLocation(String topic, int partition, long offset) {

    private static final Pattern FORMAT = Pattern.compile("kafka:([A-Za-z0-9._-]{1,249})/(\\d{1,9})/(\\d{1,18})");

    static Optional<PayloadLocation> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        return m.matches()
                ? Optional.of(new PayloadLocation(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))))
                : Optional.empty();
    }

    /**
     * The record's value, read with a plain assign + seek consumer; empty when the offset holds no record any more
     * (deleted by retention, compacted, or an aborted transaction's). A large record comes back whole, whatever the
     * fetch size limits: the broker always returns at least the first record batch.
     *
     * @throws PayloadUnavailableException when the broker does not answer in time (a retry may succeed)
     */
    Optional<byte[]> fetch(Consumer<byte[], byte[]> reader, Duration timeout) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            if (reader.partitionsFor(topic, timeout).stream().noneMatch(p -> p.partition() == partition)) {
                return Optional.empty(); // no such topic or partition: nothing to wait for
            }
            reader.assign(List.of(tp));
            Long earliest = reader.beginningOffsets(List.of(tp), timeout).get(tp);
            Long end = reader.endOffsets(List.of(tp), timeout).get(tp);
            if (earliest == null || end == null || offset < earliest || offset >= end) {
                return Optional.empty();
            }
            reader.seek(tp, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.ofNullable(record.value());
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
                if (reader.position(tp) > offset) {
                    return Optional.empty();
                }
            }
            throw new PayloadUnavailableException("no answer from Kafka within " + timeout);
        } catch (KafkaException e) {
            throw new PayloadUnavailableException(e.toString());
        }
    }
}
