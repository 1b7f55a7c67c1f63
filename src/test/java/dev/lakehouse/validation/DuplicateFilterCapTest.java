package dev.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.validation.state.DuplicateFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The duplicate filter and its rebuild never hold or read more ids than the cap. */
class DuplicateFilterCapTest {

    @Test
    void rememberEvictsTheFirstLoadedBeyondTheCap() {
        DuplicateFilter filter = new DuplicateFilter(Duration.ofHours(1), 3);
        Instant now = Instant.parse("2026-11-29T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            filter.remember("id-" + i, now);
        }
        assertThat(filter.size()).isEqualTo(3);
        assertThat(filter.firstTime("id-9", now)).as("newest kept").isFalse();
        assertThat(filter.firstTime("id-0", now)).as("first loaded evicted").isTrue();
    }

    @Test
    void rebuildReadsOnlyTheNewestRecordsThatFitTheCap() {
        TopicPartition big = new TopicPartition("t", 0);
        TopicPartition small = new TopicPartition("t", 1);
        TopicPartition empty = new TopicPartition("t", 2);
        Map<TopicPartition, Long> start = Map.of(big, 0L, small, 100L, empty, 50L);
        Map<TopicPartition, Long> end = Map.of(big, 1_000_000L, small, 110L, empty, 50L);
        Map<TopicPartition, Long> from = DuplicateRebuilder.newestThatFit(start, end, 1_000);
        assertThat(from.get(small)).as("a short partition whole").isEqualTo(100L);
        assertThat(from.get(empty)).isEqualTo(50L);
        assertThat(from.get(big))
                .as("the rest of the cap to the big one, its newest")
                .isEqualTo(1_000_000L - 990);
        long read = from.entrySet().stream()
                .mapToLong(e -> end.get(e.getKey()) - e.getValue())
                .sum();
        assertThat(read).isEqualTo(1_000);
    }
}
