package dev.lakehouse.spark.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.silver.SilverProjections;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Known input for the tests that only need "everything landed once": whole shop days, sent to raw and valid topics. */
public final class ShopDays {
    private ShopDays() {}

    /** One shop day (8 sessions) per seed, 20 minutes apart, each event on its raw and its valid topic. */
    public static List<TestEvent> send(String prefix, long... seeds) {
        List<TestEvent> sent = new ArrayList<>();
        try (EventProducer producer = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            int day = 0;
            for (long seed : seeds) {
                for (TestEvent e : new Scenario(seed)
                        .shopDay(8, Scenario.T0.plus(Duration.ofMinutes(20L * day++)))
                        .events()) {
                    producer.send(e.domain().rawTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                    producer.send(e.domain().validTopic(prefix), e.key(), e.record(), ReaderSchemas.of(e.domain()));
                    sent.add(e);
                }
            }
            producer.flush();
        }
        return sent;
    }

    /** Bronze holds each arrival once, each silver table each event once, gold revenue counts each order once. */
    public static void assertEachEventExactlyOnce(Lakehouse lake, List<TestEvent> sent) {
        assertThat(Expected.counts(lake.strings("SELECT event_id FROM lake." + LakeTables.BRONZE_EVENTS)))
                .as("bronze: each arrival exactly once")
                .isEqualTo(Expected.counts(sent.stream().map(TestEvent::eventId).toList()));
        for (Domain d : Domain.values()) {
            List<String> ids = lake.strings("SELECT event_id FROM lake." + SilverProjections.silverTable(d));
            assertThat(ids).as("silver.%s without duplicates", d.id()).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(ids))
                    .as("silver.%s complete", d.id())
                    .isEqualTo(Expected.of(sent, d).stream()
                            .map(TestEvent::eventId)
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        Map<String, String> revenue = new TreeMap<>();
        lake.table(LakeTables.GOLD_REVENUE)
                .collectAsList()
                .forEach(r -> revenue.put(
                        ((Timestamp) r.getAs("minute")).toInstant() + "|" + r.getAs("currency"),
                        r.getAs("revenue").toString() + "|" + r.getAs("orders")));
        assertThat(revenue).as("gold revenue counts each order once").isEqualTo(Expected.revenuePerMinute(sent));
        assertThat(Tables.duplicateBatchCommits(lake))
                .as("no batch committed twice to any table")
                .isEmpty();
    }
}
