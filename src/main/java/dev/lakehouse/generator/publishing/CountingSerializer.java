package dev.lakehouse.generator.publishing;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Passes serialization through and counts the value bytes, so a run knows its average record size. */
final class CountingSerializer<T> implements Serializer<T> {

    private final Serializer<T> delegate;
    private final LongAdder bytes = new LongAdder();

    CountingSerializer(Serializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return count(delegate.serialize(topic, data));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return count(delegate.serialize(topic, headers, data));
    }

    private byte[] count(byte[] value) {
        if (value != null) {
            bytes.add(value.length);
        }
        return value;
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
