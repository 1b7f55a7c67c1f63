package dev.lakehouse.spark.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the way the platform does: schema registered through the registry's Confluent API under
 * {@code <topic>-value}, value = magic 0 + 4-byte content id + Avro binary.
 */
public final class EventProducer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String ccompat;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Integer> ids = new java.util.HashMap<>();
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public EventProducer(String bootstrap, String ccompat) {
        this.ccompat = ccompat;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public int register(String topic, Schema schema) {
        String key = topic + "|" + schema.toString();
        Integer known = ids.get(key);
        if (known != null) return known;
        try {
            String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
            HttpRequest req = HttpRequest.newBuilder(URI.create(ccompat + "/subjects/" + topic + "-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(
                        "register " + topic + " failed: " + resp.statusCode() + " " + resp.body());
            }
            int id = JSON.readTree(resp.body()).get("id").asInt();
            ids.put(key, id);
            return id;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] frame(int schemaId, GenericRecord record, Schema writer) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(record, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the writer schema (if new) and sends the framed record; returns the bytes sent. */
    public byte[] send(String topic, String key, GenericRecord record, Schema writer) {
        byte[] value = frame(register(topic, writer), record, writer);
        sendRaw(topic, key, value);
        return value;
    }

    public void sendRaw(String topic, String key, byte[] value) {
        pending.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    /** Waits for every send so far; returns their metadata in send order. */
    public List<RecordMetadata> flush() {
        producer.flush();
        List<RecordMetadata> out = new ArrayList<>();
        try {
            for (Future<RecordMetadata> f : pending) out.add(f.get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        pending.clear();
        return out;
    }

    @Override
    public void close() {
        producer.close();
    }
}
