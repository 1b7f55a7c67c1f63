package dev.lakehouse.contracts.decoding;

/**
 * Why a record was rejected: the value of the dead-letter header {@code dlq.reason.code} and of
 * {@code bronze.quarantine.reason_code}. Shared by the validator and the Spark jobs, so one
 * kind of bad input has one name wherever it is caught.
 *
 * <p>These are the decode-level codes. The validator adds its own (MISSING_KEY,
 * RECORD_TOO_LARGE, UNKNOWN_TOPIC, the business rules' codes) as plain strings.
 */
public enum RejectReason {
    /** The value is null (a Kafka tombstone): there is no event to judge. */
    TOMBSTONE("value is null (tombstone)"),
    /** The value has 0 bytes. */
    EMPTY_VALUE("value has 0 bytes"),
    /** 1..4 bytes, or the first byte is not the magic byte 0 of the registry frame. */
    NOT_AVRO("not a registry-framed Avro record (fewer than 5 bytes or no magic byte 0)"),
    /** The frame's 4-byte schema id is not in the registry. */
    UNKNOWN_SCHEMA_ID("schema id is not in the registry"),
    /** The id names a schema whose record is not this topic's domain envelope. */
    SCHEMA_MISMATCH("schema id belongs to another topic's or a foreign subject's record"),
    /** The Avro body ends before the record does. */
    TRUNCATED("Avro body ends before the record does"),
    /** A declared length or block count is negative or larger than the bytes remaining. */
    LENGTH_BEYOND_RECORD("a declared length or count is negative or beyond the bytes remaining"),
    /** Any other body error: bad union or enum index, bad boolean, overlong varint, trailing bytes. */
    INVALID_AVRO("bytes are not a valid record of the writer schema"),
    /** A string field's bytes are not valid UTF-8. */
    INVALID_UTF8("a string field is not valid UTF-8"),
    /** A timestamp outside [2000-01-01T00:00Z, 2100-01-01T00:00Z) or not representable. */
    EVENT_TIME_OUT_OF_RANGE("a timestamp is outside [2000-01-01, 2100-01-01) or not representable"),
    /** A decimal whose precision or scale exceeds the contract's decimal logical type. */
    MONEY_OUT_OF_CONTRACT("a decimal exceeds the contract's precision or scale"),
    /** Any other unexpected exception while judging this one record. */
    INTERNAL_ERROR("unexpected error while judging this record");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** One line saying what the code means. */
    public String description() {
        return description;
    }
}
