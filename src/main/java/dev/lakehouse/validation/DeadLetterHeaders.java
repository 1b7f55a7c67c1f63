package dev.lakehouse.validation;

/**
 * Headers on every dead-letter record; the value and key stay the original bytes, except on a
 * RECORD_TOO_LARGE pointer, whose value is null and whose payload is named by {@link #PAYLOAD_LOCATION}.
 */
public final class DeadLetterHeaders {

    /** Stable code of the rule that failed, e.g. NOT_AVRO, UNKNOWN_SCHEMA_ID. */
    public static final String REASON_CODE = "dlq.reason.code";
    /** Readable explanation for an operator. */
    public static final String REASON = "dlq.reason";

    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** ISO-8601 instant the record was rejected. */
    public static final String REJECTED_AT = "dlq.rejected.at";
    /**
     * On a RECORD_TOO_LARGE dead letter (value null): where the original bytes stay,
     * {@code kafka:<topic>/<partition>/<offset>}; the quarantine archiver copies them from there to S3.
     */
    public static final String PAYLOAD_LOCATION = "dlq.payload.location";

    private DeadLetterHeaders() {}
}
