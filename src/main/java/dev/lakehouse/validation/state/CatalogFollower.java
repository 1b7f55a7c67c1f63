package dev.lakehouse.validation.state;

import dev.lakehouse.events.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.validation.DecodeException;
import dev.lakehouse.validation.EventDecoder;
import dev.lakehouse.validation.rules.Rule;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps {@link CatalogState} in step with the raw catalog topic, which is kept forever, so a
 * restarted validator rebuilds the catalog by reading it from the start. Before each batch the
 * validator catches up to the topic's end: a product created before an order was sent is then
 * known when that order is judged, whatever partition or topic was polled first.
 */
public class CatalogFollower implements AutoCloseable {

    private final Consumer<byte[], byte[]> consumer;
    private final EventDecoder decoder;
    private final List<Rule> rules;
    private final CatalogState state;
    private final List<TopicPartition> partitions;

    /** @param rules the catalog events must keep to count (the product rule itself excluded) */
    public CatalogFollower(Consumer<byte[], byte[]> consumer, EventDecoder decoder, List<Rule> rules, CatalogState state) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.rules = rules;
        this.state = state;
        String topic = Domain.CATALOG.rawTopic();
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public void catchUp() throws IOException, InterruptedException {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                apply(record);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) throws IOException, InterruptedException {
        SpecificRecord event;
        try {
            event = decoder.decode(Domain.CATALOG, record.value());
        } catch (DecodeException e) {
            return; // the validator dead-letters it; it describes no product
        }
        for (Rule rule : rules) {
            if (rule.check(Domain.CATALOG, event).isPresent()) {
                return;
            }
        }
        state.apply((CatalogEvent) event);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
