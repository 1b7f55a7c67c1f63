package dev.lakehouse.lake;

/** The catalog or a table's files cannot be read right now (an answer of 503, not a bug of the caller). */
public class LakeUnavailableException extends RuntimeException {

    public LakeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
