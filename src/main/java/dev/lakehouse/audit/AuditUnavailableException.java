package dev.lakehouse.audit;

/** The audit topic did not take an event that must be recorded before anything happens (an erasure request). */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message);
    }
}
