package dev.lakehouse.validation.replay;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.validation.DeadLetterHeaders;
import dev.lakehouse.validation.RecordRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Re-drives dead letters after a rule change: each one is judged again by today's rules as if it
 * had just arrived on its source topic. Those that pass now are sent back to that raw topic
 * (original key and bytes), where the validator takes them like any other record; a dry run
 * only reports what would pass.
 */
public class DeadLetterReplayer {

    /** Header on a replayed record: where on the dead-letter topic it came from. */
    public static final String REPLAYED_FROM = "dlq.replayed-from";

    /** Counts by the original reason code: how many would pass now, and how many still fail (by today's reason). */
    public record Report(Map<String, Integer> wouldPass, Map<String, Integer> stillFailing, int replayed) {}

    private final RecordRouter router;

    public DeadLetterReplayer(RecordRouter router) {
        this.router = router;
    }

    /**
     * @param reasonCode only dead letters rejected for this reason, if given
     * @param producer where passing records are sent back; empty for a dry run
     */
    public Report replay(
            Consumer<byte[], byte[]> deadLetters,
            Optional<String> reasonCode,
            Optional<Producer<byte[], byte[]>> producer)
            throws IOException, InterruptedException {
        List<TopicPartition> partitions =
                deadLetters.partitionsFor(Domain.DEAD_LETTER_TOPIC, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        deadLetters.assign(partitions);
        deadLetters.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = deadLetters.endOffsets(partitions);
        Map<String, Integer> wouldPass = new TreeMap<>();
        Map<String, Integer> stillFailing = new TreeMap<>();
        int replayed = 0;
        while (partitions.stream().anyMatch(p -> deadLetters.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> dead : deadLetters.poll(Duration.ofMillis(500))) {
                String originalReason = header(dead.headers(), DeadLetterHeaders.REASON_CODE);
                String sourceTopic = header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC);
                if (sourceTopic == null
                        || (reasonCode.isPresent() && !reasonCode.get().equals(originalReason))) {
                    continue;
                }
                if (dead.headers().lastHeader(DeadLetterHeaders.PAYLOAD_LOCATION) != null) {
                    // A RECORD_TOO_LARGE pointer carries no payload (value null): nothing to judge
                    // again, and nothing that could ever be sent on; it stays where it is.
                    stillFailing.merge(originalReason + " -> " + RecordRouter.RECORD_TOO_LARGE, 1, Integer::sum);
                    continue;
                }
                // The same hardened path as the validator: a hostile dead letter fails itself here
                // too (the router never throws for one record, only for an unreachable registry).
                RecordRouter.Routed verdict = router.route(asArrival(dead, sourceTopic));
                if (verdict.valid()) {
                    wouldPass.merge(originalReason, 1, Integer::sum);
                    if (producer.isPresent()) {
                        producer.get().send(backToSource(dead, sourceTopic));
                        replayed++;
                    }
                } else {
                    stillFailing.merge(originalReason + " -> " + verdict.reasonCode(), 1, Integer::sum);
                }
            }
        }
        producer.ifPresent(Producer::flush);
        return new Report(wouldPass, stillFailing, replayed);
    }

    private static ConsumerRecord<byte[], byte[]> asArrival(ConsumerRecord<byte[], byte[]> dead, String sourceTopic) {
        return new ConsumerRecord<>(
                sourceTopic,
                dead.partition(),
                dead.offset(),
                dead.timestamp(),
                TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                dead.key(),
                dead.value(),
                withoutDeadLetterHeaders(dead),
                Optional.empty());
    }

    private static ProducerRecord<byte[], byte[]> backToSource(
            ConsumerRecord<byte[], byte[]> dead, String sourceTopic) {
        Headers headers = withoutDeadLetterHeaders(dead);
        headers.add(
                REPLAYED_FROM,
                (dead.topic() + "-" + dead.partition() + "-" + dead.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(sourceTopic, null, dead.key(), dead.value(), headers);
    }

    private static Headers withoutDeadLetterHeaders(ConsumerRecord<byte[], byte[]> dead) {
        Headers headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith("dlq.")) {
                headers.add(header);
            }
        }
        return headers;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
