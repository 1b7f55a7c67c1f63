package dev.lakehouse.spark.support;

import dev.lakehouse.contracts.topics.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A fresh set of the ten domain topics per test, under a prefix of its own (auto-creation is off). */
public final class Topics {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Topics() {}

    public static String createFresh(String name, int partitions) {
        String prefix = name + System.currentTimeMillis() % 100000 + "x" + SEQ.incrementAndGet() + ".commerce";
        List<NewTopic> topics = new ArrayList<>();
        for (Domain d : Domain.values()) {
            topics.add(new NewTopic(d.rawTopic(prefix), partitions, (short) 1));
            topics.add(new NewTopic(d.validTopic(prefix), partitions, (short) 1));
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.BOOTSTRAP);
        try (AdminClient admin = AdminClient.create(p)) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        }
        return prefix;
    }
}
