package dev.lakehouse.validation.rules;

import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Visits every field of an event, nested records and arrays included, so a rule about, say,
 * money can hold for every event type without naming each one.
 */
final class EventWalker {

    interface Visitor {
        void visit(String path, Schema.Field field, Object value);
    }

    private EventWalker() {}

    static void walk(IndexedRecord record, Visitor visitor) {
        walk("", record, visitor);
    }

    private static void walk(String prefix, IndexedRecord record, Visitor visitor) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            String path = prefix + field.name();
            visitor.visit(path, field, value);
            if (value instanceof IndexedRecord nested) {
                walk(path + ".", nested, visitor);
            } else if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    if (item instanceof IndexedRecord nested) {
                        walk(path + "[" + i + "].", nested, visitor);
                    }
                    i++;
                }
            }
        }
    }
}
