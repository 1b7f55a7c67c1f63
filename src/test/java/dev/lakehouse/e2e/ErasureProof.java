package dev.lakehouse.e2e;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.events.common.SessionContext;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.customers.CustomerRegistered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The erasure proof's search: given the customers erased and those kept, it reads text from every copy the platform
 * keeps (topic values, lake rows, files, objects) and records a finding wherever an e-mail or IP of anyone is in clear,
 * or a sealed value of an erased customer's still opens. Names and IPs are not unique (other customers share them),
 * so a sealed value is judged by the subject it names: the customer, or the visitor its registration was sealed for;
 * e-mails are, and are judged by value too. It also records which of the kept customers' values still open.
 */
final class ErasureProof {
    private static final Pattern SEALED =
            Pattern.compile(Pattern.quote(SealedValues.PREFIX) + "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /**
     * A customer's personal values, as the generator sent them (opened before the erasure), and the subjects they
     * were sealed for.
     */
    record Person(String customerId, String email, String firstName, String lastName, String ip, Set<String> subjects) {

        /** Values distinct enough to search for as bytes anywhere: nothing else looks like them. */
        List<String> searchable() {
            return ip == null ? List.of(email) : List.of(email, ip);
        }
    }

    private final DataKeys keys;
    private final Set<String> erasedSubjects = new TreeSet<>();
    private final Set<String> erasedEmails = new TreeSet<>();
    private final Set<String> keptSubjects = new TreeSet<>();
    private final ValueFinder searchable;
    final List<String> findings = new ArrayList<>();
    final Set<String> keptOpened = new TreeSet<>();
    long textsRead;
    long sealedSeen;

    ErasureProof(SubjectKeySettings keysAt, List<Person> erased, List<Person> kept) {
        // A reader of its own, opened after the erasure: nothing it caches predates the shredding.
        this.keys = DataKeys.open(keysAt);
        erased.forEach(p -> {
            erasedSubjects.add(p.customerId());
            erasedSubjects.addAll(p.subjects());
            erasedEmails.add(p.email());
        });
        kept.forEach(p -> {
            keptSubjects.add(p.customerId());
            keptSubjects.addAll(p.subjects());
        });
        searchable = new ValueFinder(Stream.concat(erased.stream(), kept.stream())
                .flatMap(p -> p.searchable().stream())
                .toList());
    }

    /** Reads one text found at {@code where}. */
    void inspect(String where, String text) {
        textsRead++;
        searchable.forEachIn(text, v -> findings.add(where + ": " + v + " in clear"));
        Matcher m = SEALED.matcher(text);
        while (m.find()) {
            sealedSeen++;
            String subject = SealedValues.subject(m.group()).orElse("?");
            Optional<String> opened = keys.open(m.group());
            if (opened.isPresent() && (erasedSubjects.contains(subject) || erasedEmails.contains(opened.get()))) {
                findings.add(where + ": a sealed value of " + subject + " (erased) still opens: " + opened.get());
            }
            if (opened.isPresent() && keptSubjects.contains(subject)) {
                keptOpened.add(opened.get());
            }
        }
    }

    /**
     * Finds thousands of values in a text in one pass over it (the proof reads about a million texts; a {@code
     * contains} per value made it take minutes). Each value is indexed by its first {@value #WINDOW} characters,
     * packed into a long; a window of the text that no value starts with is passed over after one bit test.
     */
    static final class ValueFinder {
        static final int WINDOW = 7; // the shortest value worth finding: an IPv4 address such as 1.2.3.4
        private static final long MASK = (1L << (8 * WINDOW)) - 1;
        private static final int BITS = 20;

        private final Map<Long, List<String>> byWindow = new HashMap<>();
        private final long[] maybe = new long[(1 << BITS) / 64];
        private final List<String> shorter = new ArrayList<>();

        ValueFinder(List<String> values) {
            for (String v : new TreeSet<>(values)) {
                if (v.length() < WINDOW) {
                    shorter.add(v);
                    continue;
                }
                long key = 0;
                for (int i = 0; i < WINDOW; i++) {
                    key = next(key, v.charAt(i));
                }
                byWindow.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                int bit = bit(key);
                maybe[bit >>> 6] |= 1L << bit;
            }
        }

        void forEachIn(String text, java.util.function.Consumer<String> found) {
            long key = 0;
            for (int i = 0; i < text.length(); i++) {
                key = next(key, text.charAt(i));
                int start = i - WINDOW + 1;
                if (start < 0) {
                    continue;
                }
                int bit = bit(key);
                if ((maybe[bit >>> 6] & 1L << bit) != 0) {
                    for (String v : byWindow.getOrDefault(key, List.of())) {
                        if (text.startsWith(v, start)) {
                            found.accept(v);
                        }
                    }
                }
            }
            shorter.stream().filter(text::contains).forEach(found);
        }

        /** Characters beyond Latin-1 fold onto it: that only adds candidates, each checked in full. */
        private static long next(long key, char c) {
            return ((key << 8) | (c & 0xFF)) & MASK;
        }

        private static int bit(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
        }
    }

    /** Every file under {@code dir} but Parquet data and Kafka segments (compressed: read as rows and records). */
    void inspectFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".parquet")
                        || name.endsWith(".log") && f.toString().contains("/kafka")) {
                    continue;
                }
                inspect(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of the topics, decompressed, from their start to their end now. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, List<String> topics) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            topics.forEach(t ->
                    consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition()))));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topics + " to their end in 3 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** The registered customers' personal values, opened with the keys (before an erasure), by customer id. */
    static Map<String, Person> registered(List<ConsumerRecord<byte[], byte[]>> customerRecords, DataKeys keys) {
        SpecificDatumReader<CustomerEvent> reader = new SpecificDatumReader<>(CustomerEvent.class);
        Map<String, Person> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : customerRecords) {
            byte[] v = r.value();
            if (v == null || v.length < 6 || v[0] != 0) {
                continue;
            }
            CustomerEvent e;
            try {
                e = reader.read(null, DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
            } catch (IOException | RuntimeException notOurs) {
                continue; // poison and the campaign's mutants
            }
            if (e.getPayload() instanceof CustomerRegistered reg) {
                SessionContext ctx = reg.getContext();
                Optional<String> email = keys.open(reg.getEmail().toString());
                Optional<String> first = keys.open(reg.getFirstName().toString());
                Optional<String> last = keys.open(reg.getLastName().toString());
                String ip = ctx.getIpAddress() == null
                        ? null
                        : keys.open(ctx.getIpAddress().toString()).orElse(null);
                if (email.isPresent() && first.isPresent() && last.isPresent()) {
                    Set<String> subjects = new TreeSet<>();
                    Stream.of(reg.getEmail(), reg.getFirstName(), reg.getLastName(), ctx.getIpAddress())
                            .filter(java.util.Objects::nonNull)
                            .forEach(field ->
                                    SealedValues.subject(field.toString()).ifPresent(subjects::add));
                    out.putIfAbsent(
                            e.getCustomerId().toString(),
                            new Person(
                                    e.getCustomerId().toString(), email.get(), first.get(), last.get(), ip, subjects));
                }
            }
        }
        return out;
    }
}
