package dev.lakehouse.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.e2e.HostileRecords.Genuine;
import dev.lakehouse.e2e.HostileRecords.Hostile;
import dev.lakehouse.e2e.HostileRecords.Kind;
import dev.lakehouse.events.EventSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a fuzz campaign into the running platform's raw topics with a plain Kafka producer (bytes in, no registry
 * serde) and keeps where each record landed, so the dead letters and bronze's rows can be matched to it by
 * (topic, partition, offset).
 */
final class FuzzCampaign {

    /** A hostile record and where the broker put it. */
    record Sent(Hostile hostile, String topic, int partition, long offset) {
        String coordinates() {
            return coordinates(topic, partition, offset);
        }

        static String coordinates(String topic, Object partition, Object offset) {
            return topic + "/" + partition + "/" + offset;
        }
    }

    final List<Sent> sent = new ArrayList<>();
    final Map<String, Sent> byCoordinates = new HashMap<>();
    long bitFlipsTried;
    long bitFlipsDiscarded;
    double sendSeconds;

    /** Genuine records from the raw topics (the generator's, as the platform received them), up to {@code perDomain} each. */
    static List<Genuine> sampleRawTopics(String bootstrap, int perDomain, Duration timeout) {
        return sampleRawTopics(bootstrap, perDomain, timeout, null);
    }

    /**
     * The same, leaving out an earlier campaign's records: some of them pass for genuine by their body alone (plain
     * Avro takes invalid UTF-8, another topic's id or an unregistered one framing a sound body), and a mutant of
     * one of those would fail for the older reason first.
     */
    static List<Genuine> sampleRawTopics(String bootstrap, int perDomain, Duration timeout, FuzzCampaign earlier) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Domain, List<Genuine>> found = new EnumMap<>(Domain.class);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Domain d : Domain.values()) {
                consumer.partitionsFor(d.rawTopic())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline
                    && found.values().stream().mapToInt(List::size).sum() < perDomain * Domain.values().length) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Domain d = Domain.ofRawTopic(r.topic()).orElseThrow();
                    List<Genuine> of = found.computeIfAbsent(d, x -> new ArrayList<>());
                    // Genuine: keyed, framed, plain Avro takes it whole (the generator's poison is left out).
                    if (of.size() < perDomain
                            && r.key() != null
                            && r.key().length > 0
                            && (earlier == null || !earlier.isHostile(r.topic(), r.partition(), r.offset()))
                            && HostileRecords.plainAvroAccepts(EventSchemas.of(d), r.value())) {
                        of.add(new Genuine(d, new String(r.key(), StandardCharsets.UTF_8), r.value()));
                    }
                }
            }
        }
        List<Genuine> all = new ArrayList<>();
        found.values().forEach(all::addAll);
        return all;
    }

    /** Makes the campaign from genuine samples and sends it; every record acknowledged before this returns. */
    static FuzzCampaign send(String bootstrap, List<Genuine> genuine, long seed, double scale) throws Exception {
        HostileRecords factory = new HostileRecords(seed, genuine);
        List<Hostile> hostile = factory.campaign(scale);
        FuzzCampaign campaign = new FuzzCampaign();
        campaign.bitFlipsTried = factory.bitFlipsTried();
        campaign.bitFlipsDiscarded = factory.bitFlipsDiscarded();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Room for the ~1 MB records (the broker's default message.max.bytes, 1 MiB + 12, is the raw topics' limit).
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fuzz-campaign");
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(hostile.size());
            for (Hostile h : hostile) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(HostileRecords.CASE_HEADER, h.caseId().getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(new ProducerRecord<>(h.topic(), null, h.key(), h.value(), headers)));
            }
            producer.flush();
            for (int i = 0; i < hostile.size(); i++) {
                RecordMetadata m = acks.get(i).get();
                Sent s = new Sent(hostile.get(i), m.topic(), m.partition(), m.offset());
                campaign.sent.add(s);
                campaign.byCoordinates.put(s.coordinates(), s);
            }
        }
        campaign.sendSeconds = (System.nanoTime() - start) / 1e9;
        return campaign;
    }

    boolean isHostile(String topic, Object partition, Object offset) {
        return byCoordinates.containsKey(Sent.coordinates(topic, partition, offset));
    }

    Map<String, Long> perClass() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            long c = sent.stream().filter(s -> s.hostile().kind() == k).count();
            if (c > 0) {
                m.put(k.name(), c);
            }
        }
        return m;
    }

    Map<String, Long> perTopic() {
        Map<String, Long> m = new TreeMap<>();
        sent.forEach(s -> m.merge(s.topic(), 1L, Long::sum));
        return m;
    }

    /** Writes the report to target/fuzz-campaign.json and the test log. */
    static void report(Path file, Map<String, Object> report) throws IOException {
        String json =
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        System.out.println("fuzz campaign report (" + file + "):\n" + json);
    }
}
