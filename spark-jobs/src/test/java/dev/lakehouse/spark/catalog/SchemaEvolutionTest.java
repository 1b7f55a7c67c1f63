package dev.lakehouse.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import dev.lakehouse.spark.support.EventProducer;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.Scenario;
import dev.lakehouse.spark.support.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema evolution end to end: records written with an older contract (a field missing that has a default),
 * the current one, and a newer one (an added optional field) all decode against the current reader schema and
 * land; and table DDL changes are additive and idempotent.
 */
@ExtendWith(LocalStack.class)
class SchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Schema evolve(Schema current, java.util.function.Consumer<ArrayNode> change) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(current.toString());
        change.accept((ArrayNode) node.get("fields"));
        return new Schema.Parser().parse(node.toString());
    }

    private static GenericRecord copyInto(GenericRecord from, Schema to) {
        GenericRecord r = new GenericData.Record(to);
        for (Schema.Field f : to.getFields()) {
            Schema.Field old = from.getSchema().getField(f.name());
            r.put(
                    f.name(),
                    old != null ? from.get(old.pos()) : GenericData.get().getDefaultValue(f));
        }
        return r;
    }

    @Test
    void olderCurrentAndNewerWriterSchemasAllLandInBronzeAndSilver() throws Exception {
        String prefix = Topics.createFresh("evolve", 1);
        Lakehouse lake = new Lakehouse(dir, prefix, Map.of());
        Schema current = ReaderSchemas.of(Domain.ORDERS);
        Schema newer = evolve(current, f -> {
            ObjectNode added = f.addObject().put("name", "coupon_code").put("doc", "v2: optional coupon");
            added.set("type", JSON.createArrayNode().add("null").add("string"));
            added.putNull("default");
        });
        Schema older = evolve(current, f -> {
            for (int i = 0; i < f.size(); i++) {
                if (f.get(i).get("name").asText().equals("schema_version")) {
                    f.remove(i);
                    return;
                }
            }
        });
        List<TestEvent> orders = new Scenario(99)
                .shopDay(6, Scenario.T0).events().stream()
                        .filter(e -> e.domain() == Domain.ORDERS)
                        .toList();
        assertThat(orders).as("scenario has orders").hasSizeGreaterThanOrEqualTo(3);
        TestEvent v1 = orders.get(0);
        TestEvent v2 = orders.get(1);
        TestEvent v0 = orders.get(2);
        GenericRecord v2Record = copyInto(v2.record(), newer);
        v2Record.put("coupon_code", "SAVE10");
        v2Record.put("schema_version", 2);
        GenericRecord v0Record = copyInto(v0.record(), older);
        try (EventProducer p = new EventProducer(LocalStack.BOOTSTRAP, LocalStack.CCOMPAT)) {
            for (String topic : List.of(Domain.ORDERS.rawTopic(prefix), Domain.ORDERS.validTopic(prefix))) {
                p.send(topic, v1.key(), v1.record(), current);
                p.send(topic, v2.key(), v2Record, newer);
                p.send(topic, v0.key(), v0Record, older);
            }
            p.flush();
        }
        lake.runToCompletion();

        Map<String, Integer> versions = new TreeMap<>();
        lake.table("silver.orders")
                .collectAsList()
                .forEach(r -> versions.put(r.getAs("event_id"), r.getAs("schema_version")));
        assertThat(versions)
                .as("all three writers land in silver; the older one gets the reader default")
                .isEqualTo(new TreeMap<>(Map.of(v1.eventId(), 1, v2.eventId(), 2, v0.eventId(), 1)));
        List<Row> bronze = lake.spark
                .sql("SELECT event_id, schema_id FROM lake.bronze.events")
                .collectAsList();
        assertThat(bronze.stream().map(r -> r.getInt(1)).distinct().count())
                .as("three writer schema ids in bronze")
                .isEqualTo(3);
        assertThat(lake.table(LakeTables.QUARANTINE).count())
                .as("nothing quarantined")
                .isZero();
        String newerJson = lake.strings(
                        "SELECT payload_json FROM lake.bronze.events WHERE event_id = '" + v2.eventId() + "'")
                .get(0);
        assertThat(newerJson)
                .as("bronze keeps the record under the reader schema")
                .contains(v2.eventId())
                .doesNotContain("SAVE10");
    }

    @Test
    void tableChangesAreAdditiveAndIdempotent() {
        Lakehouse lake = new Lakehouse(dir, "unused", Map.of());
        TableSpec v1 = TableSpec.table("silver.evolve_probe")
                .col("id", "STRING")
                .col("amount", "DECIMAL(12,2)")
                .partitionBy("bucket(4, id)")
                .writeOrder("id")
                .property("format-version", "2")
                .build();
        TableSpec v2 = TableSpec.table("silver.evolve_probe")
                .col("id", "STRING")
                .col("amount", "DECIMAL(12,2)")
                .col("coupon_code", "STRING", "added in v2")
                .partitionBy("bucket(4, id)")
                .writeOrder("id")
                .property("format-version", "2")
                .property("commit.retry.num-retries", "7")
                .build();
        assertThat(TableDefinitions.apply(lake.spark, List.of(v1)))
                .as("first apply creates")
                .hasSize(1);
        lake.spark.sql("INSERT INTO lake.silver.evolve_probe VALUES ('a', 1.50)");
        List<String> changes = TableDefinitions.apply(lake.spark, List.of(v2));
        assertThat(changes)
                .as("second apply adds the column and the property")
                .anyMatch(c -> c.contains("added column lake.silver.evolve_probe.coupon_code"))
                .anyMatch(c -> c.contains("commit.retry.num-retries"));
        assertThat(TableDefinitions.apply(lake.spark, List.of(v2)))
                .as("re-applying changes nothing")
                .isEmpty();
        Row old = lake.spark
                .sql("SELECT id, amount, coupon_code FROM lake.silver.evolve_probe")
                .first();
        assertThat(old.getString(0)).as("old row kept").isEqualTo("a");
        assertThat(old.isNullAt(2)).as("old row reads the new column as null").isTrue();
        assertThat(TableDefinitions.apply(lake.spark, LakeTables.all()))
                .as("the real DDL is idempotent on a live lake")
                .isEmpty();
    }
}
