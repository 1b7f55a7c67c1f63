package dev.lakehouse.contracts.decoding;

/**
 * One record is bad for good: whatever is retried, it will fail the same way. Carries the
 * {@link RejectReason} so the caller can dead-letter or quarantine it with its code.
 *
 * <p>Unchecked, because it is thrown from inside Avro's {@code DatumReader}, whose
 * {@code Decoder} methods only declare IOException.
 */
public class RejectedRecordException extends RuntimeException {

    private final RejectReason reason;

    public RejectedRecordException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public RejectedRecordException(RejectReason reason, String message, Throwable cause) {
        // No stack trace of the decoder's frames is worth its cost: hostile input can make
        // thousands of these a second, and the message says what was wrong.
        super(message, cause, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
