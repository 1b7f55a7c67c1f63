package dev.lakehouse.validation;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.validation.state.DuplicateFilter;
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
 * Capped: at most the filter's dedupeMaxEntries records are read, the newest of each partition.
 */
public final class DuplicateRebuilder {

    private DuplicateRebuilder() {}

    /**
     * @param progress called after every poll, so a supervisor sees a long rebuild working, not stuck
     * @return how many ids were loaded
     */
    public static int rebuild(
            Consumer<byte[], byte[]> consumer, DuplicateFilter filter, Instant now, Runnable progress) {
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
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = starts.get(partition);
            start.put(partition, first == null ? end.get(partition) : first.offset());
        }
        Map<TopicPartition, Long> capped = newestThatFit(start, end, filter.maxEntries());
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, capped.get(partition));
        }
        int loaded = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Header id = record.headers().lastHeader(RecordRouter.EVENT_ID_HEADER);
                if (id != null && loaded < filter.maxEntries()) {
                    filter.remember(
                            new String(id.value(), StandardCharsets.UTF_8), Instant.ofEpochMilli(record.timestamp()));
                    loaded++;
                }
            }
            progress.run();
        }
        return loaded;
    }

    /**
     * Where to start reading each partition so that no more than {@code cap} records are read in
     * all: the newest of each partition, the cap shared out evenly and what a short partition
     * leaves unused given to the others (water-filling). The rebuild thus never loads more ids
     * than the filter keeps, however much traffic the window held, and start-up time is bounded.
     */
    static Map<TopicPartition, Long> newestThatFit(
            Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, long cap) {
        List<TopicPartition> bySize = new ArrayList<>(start.keySet());
        bySize.sort(java.util.Comparator.comparingLong(p -> end.get(p) - start.get(p)));
        Map<TopicPartition, Long> result = new HashMap<>();
        long left = cap;
        int partitionsLeft = bySize.size();
        for (TopicPartition partition : bySize) {
            long available = Math.max(0, end.get(partition) - start.get(partition));
            long share = Math.min(available, left / partitionsLeft);
            result.put(partition, end.get(partition) - share);
            left -= share;
            partitionsLeft--;
        }
        return result;
    }
}
