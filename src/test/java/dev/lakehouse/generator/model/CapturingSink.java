package dev.lakehouse.generator.model;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a run sends, for tests of the pure simulation. */
public class CapturingSink implements EmissionSink {

    public final List<Emission> sent = new ArrayList<>();

    @Override
    public void send(List<Emission> batch) {
        sent.addAll(batch);
    }

    @Override
    public void flush() {}

    @Override
    public long valueBytes() {
        return 0;
    }

    @Override
    public void close() {}
}
