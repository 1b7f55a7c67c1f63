package dev.lakehouse.validation;

/** A record that can never be decoded, whatever is retried: it belongs on the dead-letter topic. */
public class DecodeException extends Exception {

    private final String reasonCode;

    public DecodeException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    /** Stable, machine-readable reason, e.g. UNKNOWN_SCHEMA_ID. */
    public String reasonCode() {
        return reasonCode;
    }
}
