package dev.lakehouse.validation.rules;

import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Visits every field of an event, nested records and arrays included, so a rule about, say,
 * money can hold for every event type without naming each one.
 */
final class EventWalker {

    /**
     * Where a value sits, e.g. {@code payload.lines[0].quantity}. Built as a chain and turned into
     * text only when a rule reports it: the walk runs for every record, reports are rare.
     */
    record Path(Path parent, String name, int index) {
        @Override
        public String toString() {
            String self = index >= 0 ? name + "[" + index + "]" : name;
            return parent == null ? self : parent + "." + self;
        }
    }

    interface Visitor {
        void visit(Path path, Schema.Field field, Object value);
    }

    private EventWalker() {}

    static void walk(IndexedRecord record, Visitor visitor) {
        walk(null, record, visitor);
    }

    private static void walk(Path parent, IndexedRecord record, Visitor visitor) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            Path path = new Path(parent, field.name(), -1);
            visitor.visit(path, field, value);
            if (value instanceof IndexedRecord nested) {
                walk(path, nested, visitor);
            } else if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    if (item instanceof IndexedRecord nested) {
                        walk(new Path(parent, field.name(), i), nested, visitor);
                    }
                    i++;
                }
            }
        }
    }
}
