package dev.lakehouse.validation.state;

import dev.lakehouse.events.Domain;
import dev.lakehouse.validation.RecordRouter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Refills the duplicate filter at start-up from what the validator already passed on: the
 * validated topics' records of the last window, by their event_id header (no decoding), read
 * committed. The state is thus never stored anywhere but in Kafka, and survives any restart.
 */
public final class DuplicateRebuilder {

    private DuplicateRebuilder() {}

    /** @return how many ids were loaded */
    public static int rebuild(Consumer<byte[], byte[]> consumer, DuplicateFilter filter, Instant now) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            consumer.partitionsFor(domain.validTopic(), Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        long since = now.minus(filter.window()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            consumer.seek(partition, start == null ? end.get(partition) : start.offset());
        }
        int loaded = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Header id = record.headers().lastHeader(RecordRouter.EVENT_ID_HEADER);
                if (id != null) {
                    filter.remember(new String(id.value(), StandardCharsets.UTF_8), Instant.ofEpochMilli(record.timestamp()));
                    loaded++;
                }
            }
        }
        return loaded;
    }
}
