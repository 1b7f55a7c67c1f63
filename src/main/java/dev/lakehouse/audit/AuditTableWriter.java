package dev.lakehouse.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.supervision.Heartbeat;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One life of the copy from the audit topic into audit.api_events: reads every partition from the offsets the table
 * records (no consumer group: the table is the only bookkeeping), and commits what arrived once per commit interval.
 */
final class AuditTableWriter {

    private static final Logger LOG = Logger.getLogger(AuditTableWriter.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Table table;
    private final ObjectMapper json;
    private final Duration interval;
    private final Clock clock;
    private Map<Integer, Long> committed;
    private Instant lastExpiry = Instant.EPOCH;

    AuditTableWriter(
            KafkaConsumer<byte[], byte[]> consumer, Table table, ObjectMapper json, Duration interval, Clock clock) {
        this.consumer = consumer;
        this.table = table;
        this.json = json;
        this.interval = interval;
        this.clock = clock;
    }

    /** Copies until {@code stopped} says so; returns false (to be called again later) while the topic is missing. */
    boolean run(Heartbeat heartbeat, BooleanSupplier stopped) {
        List<TopicPartition> partitions = consumer.partitionsFor(AuditTopic.NAME, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return false;
        }
        consumer.assign(partitions);
        seekToTable(partitions);
        while (!stopped.getAsBoolean()) {
            heartbeat.beat();
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            long until = System.nanoTime() + interval.toNanos();
            while (!stopped.getAsBoolean() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000))))
                        .forEach(batch::add);
                heartbeat.beat();
            }
            if (!batch.isEmpty()) {
                commit(batch, partitions);
            }
        }
        return true;
    }

    private void commit(List<ConsumerRecord<byte[], byte[]>> batch, List<TopicPartition> partitions) {
        Map<Integer, Long> to = new TreeMap<>(committed);
        List<Map<String, Object>> rows = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            to.put(record.partition(), record.offset() + 1);
            Map<String, Object> row = row(record, now);
            if (row != null) {
                rows.add(row);
            }
        }
        try {
            AuditTable.append(table, rows, committed, to);
            committed = to;
            LOG.debugf("audit.api_events: %d events committed, topic offsets %s", rows.size(), to);
            expireSnapshotsHourly();
        } catch (ValidationException | CommitFailedException | IllegalStateException e) {
            // Someone else committed (another writer, or this one's earlier life): the table says where to go on.
            LOG.infof("audit.api_events moved under this writer (%s); re-reading from its offsets", e.getMessage());
            seekToTable(partitions);
        }
    }

    /**
     * Snapshots, not rows, expire (spark-jobs' maintenance does not cover the audit namespace): after the table's
     * history.expire.* properties, once an hour. The table is only ever appended to, so this removes old manifest
     * lists and manifests, never a data file. A writer fenced out by it re-reads the offsets, as after any conflict.
     */
    private void expireSnapshotsHourly() {
        Instant now = clock.instant();
        if (now.isBefore(lastExpiry.plus(Duration.ofHours(1)))) {
            return;
        }
        lastExpiry = now;
        try {
            table.expireSnapshots().commit();
        } catch (RuntimeException e) {
            LOG.warnf("audit.api_events: expiring old snapshots failed, next try in an hour: %s", e.getMessage());
        }
    }

    private void seekToTable(List<TopicPartition> partitions) {
        table.refresh();
        committed = AuditTable.offsets(table);
        for (TopicPartition partition : partitions) {
            Long next = committed.get(partition.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
    }

    private Map<String, Object> row(ConsumerRecord<byte[], byte[]> record, OffsetDateTime now) {
        AuditEvent event;
        try {
            event = json.readValue(record.value(), AuditEvent.class);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(
                    "audit topic %d/%d is not an audit event and is left out of audit.api_events: %s",
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
        Map<String, Object> row = new HashMap<>();
        row.put("event_id", event.eventId());
        row.put("event_time", utc(event.eventTime()));
        row.put("subject", event.subject());
        row.put("user_name", event.userName());
        row.put("roles", event.roles() == null ? null : String.join(",", event.roles()));
        row.put("action", event.action() == null ? null : event.action().name());
        row.put("resource", event.resource());
        row.put("parameters", parameters(event.parameters()));
        row.put("columns", event.columns() == null ? null : String.join(",", event.columns()));
        row.put("outcome", event.outcome() == null ? null : event.outcome().name());
        row.put("status", event.status());
        row.put("row_count", event.rowCount());
        row.put("method", event.method());
        row.put("path", event.path());
        row.put("kafka_partition", record.partition());
        row.put("kafka_offset", record.offset());
        row.put("ingest_time", now);
        return row;
    }

    private String parameters(Map<String, String> parameters) {
        try {
            return json.writeValueAsString(parameters == null ? Map.of() : new LinkedHashMap<>(parameters));
        } catch (IOException e) {
            return null;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
