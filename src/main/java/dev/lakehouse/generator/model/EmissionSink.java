package dev.lakehouse.generator.model;

import java.util.List;

/** Where a run's records go: Kafka (publishing.Publisher) or nowhere (pure simulation runs and tests). */
public interface EmissionSink extends AutoCloseable {

    /** Hands a batch over; may return before the records are acknowledged. */
    void send(List<Emission> batch);

    /** Waits until everything handed over is acknowledged; throws if any send failed. */
    void flush();

    /** Value bytes handed over so far (serialized size as it goes on the wire, before compression). */
    long valueBytes();

    @Override
    void close();

    EmissionSink DISCARD = new EmissionSink() {
        @Override
        public void send(List<Emission> batch) {}

        @Override
        public void flush() {}

        @Override
        public long valueBytes() {
            return 0;
        }

        @Override
        public void close() {}
    };
}
