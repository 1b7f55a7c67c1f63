package dev.lakehouse.validation.quarantine;

/** The raw topic did not give a too-large record's bytes in time; the batch is tried again later. */
class PayloadUnavailableException extends RuntimeException {

    PayloadUnavailableException(String message) {
        super(message);
    }
}
