package dev.lakehouse.contracts.privacy;

import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Encrypts every personal field of an event with its data subject's key. The generator does it before an event
 * leaves, so no copy downstream (topics, bronze, quarantine, backups) ever holds it in clear (docs/privacy.md). The
 * subject is the record's key: the customer, or the anonymous visitor of a clickstream event.
 *
 * <p>Sealing changes the record in place and leaves sealed values alone: a resend, or a session context shared by
 * several events, is sealed once and keeps that ciphertext.
 */
public final class RecordSealer {

    private final DataKeys keys;

    public RecordSealer(DataKeys keys) {
        this.keys = keys;
    }

    public void seal(String subject, IndexedRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof IndexedRecord nested) {
                seal(subject, nested);
            } else if (value instanceof Collection<?> items) {
                for (Object item : items) {
                    if (item instanceof IndexedRecord nested) {
                        seal(subject, nested);
                    }
                }
            } else if (value instanceof CharSequence text
                    && PersonalFields.NAMES.contains(field.name())
                    && !SealedValues.isSealed(text.toString())) {
                record.put(field.pos(), SealedValues.seal(subject, keys.forSealing(subject), text.toString()));
            }
        }
    }
}
