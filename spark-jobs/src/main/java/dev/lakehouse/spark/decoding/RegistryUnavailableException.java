package dev.lakehouse.spark.decoding;

/**
 * The schema registry cannot answer (unreachable, 5xx): not a property of the record, so the query stops instead
 * of quarantining good data. Unchecked, because it crosses Spark's functional interfaces.
 */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String m, Throwable cause) {
        super(m, cause);
    }
}
