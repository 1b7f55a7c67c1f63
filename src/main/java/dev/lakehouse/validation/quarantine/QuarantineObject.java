package dev.lakehouse.validation.quarantine;

import dev.lakehouse.events.Domain;
import dev.lakehouse.validation.DeadLetterHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where a dead-letter record goes in S3 and what metadata travels with it:
 * {@code <prefix>/<domain>/<yyyy-MM-dd>/<reason>/<topic>-<partition>-<offset>.bin}. The key is
 * derived from the record's source position, so writing it again after a retry overwrites the
 * same object instead of making a second one.
 */
public record QuarantineObject(String key, byte[] body, Map<String, String> metadata) {

    public static QuarantineObject of(String prefix, ConsumerRecord<byte[], byte[]> dead) {
        String sourceTopic = header(dead, DeadLetterHeaders.SOURCE_TOPIC, "unknown");
        String domain = Domain.ofRawTopic(sourceTopic).map(Domain::id).orElse("unknown");
        String reason = header(dead, DeadLetterHeaders.REASON_CODE, "UNKNOWN");
        String rejectedAt = header(dead, DeadLetterHeaders.REJECTED_AT, Instant.ofEpochMilli(dead.timestamp()).toString());
        String day = Instant.parse(rejectedAt).atZone(ZoneOffset.UTC).toLocalDate().toString();
        String key = String.join("/", prefix, domain, day, reason, sourceTopic + "-"
                + header(dead, DeadLetterHeaders.SOURCE_PARTITION, "x") + "-" + header(dead, DeadLetterHeaders.SOURCE_OFFSET, "x") + ".bin");

        // S3 user metadata must be US-ASCII: free text is URL-encoded, the Kafka key base64.
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("reason-code", reason);
        metadata.put("reason", URLEncoder.encode(header(dead, DeadLetterHeaders.REASON, ""), StandardCharsets.UTF_8));
        metadata.put("source-topic", sourceTopic);
        metadata.put("source-partition", header(dead, DeadLetterHeaders.SOURCE_PARTITION, ""));
        metadata.put("source-offset", header(dead, DeadLetterHeaders.SOURCE_OFFSET, ""));
        metadata.put("rejected-at", rejectedAt);
        metadata.put("dlq-position", dead.topic() + "-" + dead.partition() + "-" + dead.offset());
        if (dead.key() != null) {
            metadata.put("kafka-key-base64", Base64.getEncoder().encodeToString(dead.key()));
        }
        return new QuarantineObject(key, dead.value() == null ? new byte[0] : dead.value(), metadata);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        return header == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }
}
