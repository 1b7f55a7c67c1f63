package dev.lakehouse.validation;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.validation.rules.Rule;
import dev.lakehouse.validation.state.CatalogState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps {@link CatalogState} in step with the raw catalog topic, which is kept forever, so a
 * restarted validator rebuilds the catalog by reading it from the start. Before each batch the
 * validator catches up to the topic's end: a product created before an order was sent is then
 * known when that order is judged, whatever partition or topic was polled first.
 */
public class CatalogFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatalogFollower.class);

    private final Consumer<byte[], byte[]> consumer;
    private final EventDecoder decoder;
    private final List<Rule> rules;
    private final CatalogState state;
    private final List<TopicPartition> partitions;

    /** @param rules the catalog events must keep to count (the product rule itself excluded) */
    public CatalogFollower(
            Consumer<byte[], byte[]> consumer, EventDecoder decoder, List<Rule> rules, CatalogState state) {
        this.consumer = consumer;
        this.decoder = decoder;
        this.rules = rules;
        this.state = state;
        String topic = Domain.CATALOG.rawTopic();
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads the catalog topic up to its end. One record's failure never ends this: a record that
     * cannot be decoded or breaks a rule describes no product and is skipped (the validator
     * dead-letters it anyway), as is one that fails unexpectedly.
     *
     * @throws IOException when the registry cannot be reached; the follower is first moved back
     *     to the record that needed it (and every partition to its first record not applied),
     *     so the retried catch-up loses no catalog record
     */
    public void catchUp() throws IOException, InterruptedException {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
            List<TopicPartition> polled = new ArrayList<>(batch.partitions());
            for (int i = 0; i < polled.size(); i++) {
                for (ConsumerRecord<byte[], byte[]> record : batch.records(polled.get(i))) {
                    try {
                        apply(record);
                    } catch (IOException e) {
                        consumer.seek(polled.get(i), record.offset());
                        for (TopicPartition later : polled.subList(i + 1, polled.size())) {
                            consumer.seek(later, batch.records(later).get(0).offset());
                        }
                        throw e;
                    }
                }
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) throws IOException, InterruptedException {
        SpecificRecord event;
        try {
            event = decoder.decode(Domain.CATALOG, record.value());
            for (Rule rule : rules) {
                if (rule.check(Domain.CATALOG, event).isPresent()) {
                    return;
                }
            }
            state.apply((CatalogEvent) event);
        } catch (DecodeException e) {
            // the validator dead-letters it; it describes no product
        } catch (RuntimeException | StackOverflowError e) {
            // The validator dead-letters it as INTERNAL_ERROR; the catalog topic is kept forever,
            // so letting it end catch-up would stop every restart at the same record.
            LOG.warnf(
                    "Catalog record %d/%d skipped, it failed unexpectedly: %s", record.partition(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
