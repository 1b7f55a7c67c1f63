package dev.lakehouse.validation.quarantine;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.validation.DeadLetterHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where a dead-letter record goes in S3 and what metadata travels with it:
 * {@code <prefix>/<domain>/<yyyy-MM-dd>/<reason>/<topic>-<partition>-<offset>.bin}. The key is
 * derived from the record's source position, so writing it again after a retry overwrites the
 * same object instead of making a second one.
 *
 * <p>Headers are whatever a producer put there, so none of them may end the archiver: an unparsable or missing
 * rejection time falls back to the dead letter's own timestamp (then to the epoch), and the parts of the key taken
 * from headers are reduced to safe characters.
 */
public record QuarantineObject(String key, byte[] body, Map<String, String> metadata) {

    /** Characters S3 keys take without surprises; anything else in a header becomes '_'. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private static final int MAX_PART = 120;

    public static QuarantineObject of(String prefix, ConsumerRecord<byte[], byte[]> dead) {
        return of(prefix, dead, dead.value() == null ? new byte[0] : dead.value());
    }

    /** With a body of the caller's choosing (a RECORD_TOO_LARGE dead letter's payload, fetched from its raw topic). */
    public static QuarantineObject of(String prefix, ConsumerRecord<byte[], byte[]> dead, byte[] body) {
        String sourceTopic = header(dead, DeadLetterHeaders.SOURCE_TOPIC, "unknown");
        String domain = Domain.ofRawTopic(sourceTopic).map(Domain::id).orElse("unknown");
        String reason = header(dead, DeadLetterHeaders.REASON_CODE, "UNKNOWN");
        Instant rejectedAt = rejectedAt(dead);
        String day = rejectedAt.atZone(ZoneOffset.UTC).toLocalDate().toString();
        String key = String.join(
                "/",
                prefix,
                domain,
                day,
                safe(reason),
                safe(sourceTopic) + "-"
                        + safe(header(dead, DeadLetterHeaders.SOURCE_PARTITION, "x")) + "-"
                        + safe(header(dead, DeadLetterHeaders.SOURCE_OFFSET, "x")) + ".bin");

        // S3 user metadata must be US-ASCII: free text is URL-encoded, the Kafka key base64.
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("reason-code", ascii(reason));
        metadata.put("reason", ascii(header(dead, DeadLetterHeaders.REASON, "")));
        metadata.put("source-topic", ascii(sourceTopic));
        metadata.put("source-partition", ascii(header(dead, DeadLetterHeaders.SOURCE_PARTITION, "")));
        metadata.put("source-offset", ascii(header(dead, DeadLetterHeaders.SOURCE_OFFSET, "")));
        metadata.put("rejected-at", rejectedAt.toString());
        metadata.put("dlq-position", position(dead));
        if (dead.key() != null) {
            metadata.put("kafka-key-base64", Base64.getEncoder().encodeToString(dead.key()));
        }
        String location = header(dead, DeadLetterHeaders.PAYLOAD_LOCATION, null);
        if (location != null) {
            metadata.put("payload-location", ascii(location));
        }
        return new QuarantineObject(key, body, metadata);
    }

    /**
     * The last resort for a dead letter whose object S3 refused as such (a 4xx for this key or its metadata): a key
     * made of the dead letter's own position only, and no user metadata but that position.
     */
    public static QuarantineObject fallback(String prefix, ConsumerRecord<byte[], byte[]> dead, byte[] body) {
        String day = Instant.ofEpochMilli(Math.max(0, dead.timestamp()))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        return new QuarantineObject(
                String.join("/", prefix, "unarchivable", day, safe(position(dead)) + ".bin"),
                body,
                Map.of("dlq-position", ascii(position(dead))));
    }

    static String position(ConsumerRecord<byte[], byte[]> dead) {
        return dead.topic() + "-" + dead.partition() + "-" + dead.offset();
    }

    private static Instant rejectedAt(ConsumerRecord<byte[], byte[]> dead) {
        String text = header(dead, DeadLetterHeaders.REJECTED_AT, null);
        if (text != null) {
            try {
                Instant parsed = Instant.parse(text.trim());
                // a year S3 keys and LocalDate print oddly (beyond 9999, or before 0) is as good as unparsable
                if (parsed.isAfter(Instant.parse("0000-01-01T00:00:00Z"))
                        && parsed.isBefore(Instant.parse("9999-12-31T00:00:00Z"))) {
                    return parsed;
                }
            } catch (DateTimeParseException e) {
                // fall through to the record's timestamp
            }
        }
        return Instant.ofEpochMilli(Math.max(0, dead.timestamp()));
    }

    private static String safe(String part) {
        String cleaned = UNSAFE.matcher(part).replaceAll("_");
        if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
            cleaned = "_" + cleaned; // never "." or ".." as a key segment
        }
        return cleaned.length() > MAX_PART ? cleaned.substring(0, MAX_PART) : cleaned;
    }

    /** URL-encoded, so any header text is US-ASCII; bounded, since S3 allows 2 KB of user metadata in all. */
    private static String ascii(String text) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        return encoded.length() > 256 ? encoded.substring(0, 256) : encoded;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }
}
