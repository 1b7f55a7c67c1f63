package dev.lakehouse.generator;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a run sends, for tests of the pure simulation. */
class CapturingSink implements EmissionSink {

    final List<Emission> sent = new ArrayList<>();

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
