package dev.lakehouse.bench;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.orders.OrderEvent;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark input: N valid order events (plus the products they name) on the raw orders topic,
 * through the registry-aware serializer as producers write them.
 * Usage: PrefillOrders BOOTSTRAP REGISTRY_V3_URL N
 */
public final class PrefillOrders {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String registry = args[1];
        int count = Integer.parseInt(args[2]);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                "apicurio.registry.url",
                registry,
                "apicurio.registry.auto-register",
                false,
                "apicurio.registry.dereference-schema",
                true);
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        OrderEvent template =
                (OrderEvent) SampleEvents.first(samples, Domain.ORDERS).event();
        Instant now = Instant.now();
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            for (SampleEvents.Keyed product : samples.subList(0, 2)) {
                producer.send(new ProducerRecord<>(Domain.CATALOG.rawTopic(), product.key(), product.event()))
                        .get();
            }
            for (int i = 0; i < count; i++) {
                String customer = "c-" + (i % 5000);
                OrderEvent order = OrderEvent.newBuilder(template)
                        .setEventId(UUID.randomUUID().toString())
                        .setOrderId("o-" + i)
                        .setCustomerId(customer)
                        .setEventTime(now.minusMillis(count - i))
                        .build();
                producer.send(new ProducerRecord<>(Domain.ORDERS.rawTopic(), customer, order));
                if (i % 200_000 == 0) {
                    System.out.printf("prefill: %,d / %,d%n", i, count);
                }
            }
        }
        System.out.printf("prefill: %,d orders on %s%n", count, Domain.ORDERS.rawTopic());
    }

    private PrefillOrders() {}
}
