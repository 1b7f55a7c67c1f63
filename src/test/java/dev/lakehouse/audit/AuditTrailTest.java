package dev.lakehouse.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.KnownLake;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.lake.TableRows;
import dev.lakehouse.lake.TestLake;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.KeycloakResource;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.expressions.Expressions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The audit trail, with real tokens from the test Keycloak, the real broker and the real lake: an allowed read, a read
 * the allow-list refuses, a call without a token, an operator action, an erasure requested through the privacy endpoint
 * (the request's own event, sent before it acts, and the call's) and one refused are each one event on the audit topic
 * and one row of audit.api_events, asserted field by field; the audit table itself is refused to the API's roles.
 */
@QuarkusTest
@TestProfile(AuditTestProfile.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(KeycloakResource.class)
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsDenialsOperatorActionsAndErasuresAreAuditedOnTheTopicAndInTheTable() throws Exception {
        // A marker per call (unknown query parameters are ignored by the endpoints and kept by the audit trail), so
        // the events of this run are told apart from older ones on the shared test broker.
        String run = UUID.randomUUID().toString().substring(0, 8);
        long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String customer = "c-erased-" + run; // whose erasure is asked for

        given().auth()
                .oauth2(Tokens.of("analyst"))
                .when()
                .get("/api/tables/silver/orders/rows?limit=5&probe=read-" + run)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(Tokens.of("analyst"))
                .when()
                .get("/api/tables/bronze/events/rows?asOf=2026-11-20T10:00:00Z&probe=bronze-" + run)
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Tokens.of("analyst"))
                .when()
                .get("/api/tables/audit/api_events/rows?probe=audit-" + run)
                .then()
                .statusCode(403);
        given().when().get("/api/kpis/revenue?probe=anonymous-" + run).then().statusCode(401);
        given().auth()
                .oauth2(Tokens.of("viewer"))
                .when()
                .get("/api/kpis/revenue?minutes=99999999999&probe=bad-" + run)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Tokens.of("operator"))
                .queryParam("eventsPerSecond", 5)
                .queryParam("events", 10)
                .queryParam("seed", seed)
                .when()
                .post("/generator/start")
                .then()
                .statusCode(202);
        given().auth().oauth2(Tokens.of("operator")).when().post("/generator/stop");
        // An erasure through the privacy endpoint (its own event, sent before the request, and the call's), and one
        // refused.
        given().auth()
                .oauth2(Tokens.of("privacy"))
                .contentType("application/json")
                .body(Map.of("customerId", customer))
                .when()
                .post("/api/privacy/erasures?probe=erase-" + run)
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(Tokens.of("analyst"))
                .contentType("application/json")
                .body(Map.of("customerId", customer))
                .when()
                .post("/api/privacy/erasures?probe=refuse-" + run)
                .then()
                .statusCode(403);

        // The topic
        List<String> probes = List.of("read-", "bronze-", "audit-", "anonymous-", "bad-");
        List<ConsumerRecord<String, byte[]>> records = KafkaTestClients.readRawUntil(
                AuditTopic.NAME,
                seen -> events(seen).values().stream()
                                .filter(e -> mine(e, run, seed, customer))
                                .count()
                        >= probes.size() + 4,
                Duration.ofSeconds(30));
        Map<String, JsonNode> topic = new HashMap<>();
        events(records).values().stream()
                .filter(e -> mine(e, run, seed, customer))
                .forEach(e -> topic.put(key(e), e));
        assertThat(topic.keySet())
                .as("this run's events on %s", AuditTopic.NAME)
                .containsExactlyInAnyOrder(
                        "read-",
                        "bronze-",
                        "audit-",
                        "anonymous-",
                        "bad-",
                        "GENERATOR_START",
                        "ERASURE_REQUEST",
                        "erase-",
                        "refuse-");

        JsonNode read = topic.get("read-");
        assertThat(read.get("action").asText()).isEqualTo("READ_TABLE_ROWS");
        assertThat(read.get("resource").asText()).isEqualTo("silver.orders");
        assertThat(read.get("userName").asText()).isEqualTo("analyst");
        assertThat(read.get("subject").asText()).isNotBlank();
        assertThat(strings(read.get("roles"))).contains("analyst").doesNotContain("viewer");
        assertThat(read.get("parameters").get("limit").asText()).isEqualTo("5");
        assertThat(read.get("outcome").asText()).isEqualTo("ALLOWED");
        assertThat(read.get("status").asInt()).isEqualTo(200);
        assertThat(read.get("rowCount").asLong()).isEqualTo(2);
        assertThat(strings(read.get("columns")))
                .contains("event_id", "order_id", "total")
                .doesNotContain("customer_id", "payment_id");
        assertThat(read.get("eventTime").asText()).startsWith("20");

        JsonNode bronze = topic.get("bronze-");
        assertThat(bronze.get("action").asText()).isEqualTo("READ_TABLE_ROWS");
        assertThat(bronze.get("resource").asText()).isEqualTo("bronze.events");
        assertThat(bronze.get("userName").asText()).isEqualTo("analyst");
        assertThat(bronze.get("parameters").get("asOf").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(bronze.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(bronze.get("status").asInt()).isEqualTo(403);
        assertThat(bronze.get("rowCount").isNull()).isTrue();
        assertThat(bronze.get("columns").isNull()).isTrue();

        assertThat(topic.get("audit-").get("resource").asText()).isEqualTo("audit.api_events");
        assertThat(topic.get("audit-").get("status").asInt()).isEqualTo(403);
        JsonNode anonymous = topic.get("anonymous-");
        assertThat(anonymous.get("action").asText()).isEqualTo("READ_KPI");
        assertThat(anonymous.get("resource").asText()).isEqualTo(LakeTables.GOLD_REVENUE);
        assertThat(anonymous.get("subject").isNull()).isTrue();
        assertThat(anonymous.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(anonymous.get("status").asInt()).isEqualTo(401);
        assertThat(topic.get("bad-").get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(topic.get("bad-").get("userName").asText()).isEqualTo("viewer");

        JsonNode start = topic.get("GENERATOR_START");
        assertThat(start.get("userName").asText()).isEqualTo("operator");
        assertThat(start.get("resource").asText()).isEqualTo("generator");
        assertThat(start.get("parameters").get("eventsPerSecond").asText()).isEqualTo("5");
        assertThat(start.get("parameters").get("events").asText()).isEqualTo("10");
        assertThat(start.get("outcome").asText()).isEqualTo("ALLOWED");
        assertThat(start.get("status").asInt()).isEqualTo(202);
        assertThat(start.get("method").asText()).isEqualTo("POST");

        JsonNode erasure = topic.get("ERASURE_REQUEST");
        assertThat(erasure.get("userName").asText()).isEqualTo("privacy");
        assertThat(erasure.get("subject").asText()).isNotBlank();
        assertThat(strings(erasure.get("roles"))).contains("privacy");
        assertThat(erasure.get("resource").asText()).startsWith("erasure-request/er-");
        assertThat(erasure.get("parameters").get("requestId").asText())
                .isEqualTo(erasure.get("resource").asText().substring("erasure-request/".length()));
        assertThat(erasure.get("parameters").get("customerId").asText()).isEqualTo(customer);
        assertThat(erasure.get("outcome").asText()).isEqualTo("ALLOWED");
        JsonNode call = topic.get("erase-");
        assertThat(call.get("action").asText()).isEqualTo("ERASURE_REQUEST");
        assertThat(call.get("userName").asText()).isEqualTo("privacy");
        assertThat(call.get("status").asInt()).isEqualTo(202);
        assertThat(call.get("method").asText()).isEqualTo("POST");
        JsonNode refused = topic.get("refuse-");
        assertThat(refused.get("action").asText()).isEqualTo("ERASURE_REQUEST");
        assertThat(refused.get("userName").asText()).isEqualTo("analyst");
        assertThat(refused.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(refused.get("status").asInt()).isEqualTo(403);

        // The table: the same events, once each, with their place in the topic.
        Map<String, Map<String, Object>> table = new HashMap<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    table.clear();
                    try (TestLake lake = TestLake.open(KnownLake.DIR)) {
                        if (!lake.load(LakeTables.AUDIT_API_EVENTS)
                                .schema()
                                .columns()
                                .isEmpty()) {
                            for (Map<String, Object> row :
                                    TableRows.read(lake.load(LakeTables.AUDIT_API_EVENTS), Expressions.alwaysTrue())) {
                                table.merge(
                                        String.valueOf(row.get("event_id")), row, (a, b) -> Map.of("duplicate", true));
                            }
                        }
                    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
                        return false;
                    }
                    return topic.values().stream()
                            .allMatch(e -> table.containsKey(e.get("eventId").asText()));
                });
        for (JsonNode event : topic.values()) {
            Map<String, Object> row = table.get(event.get("eventId").asText());
            assertThat(row).as("row of %s", event).doesNotContainKey("duplicate");
            assertThat(row.get("action")).isEqualTo(event.get("action").asText());
            assertThat(row.get("resource")).isEqualTo(event.get("resource").asText());
            assertThat(row.get("outcome")).isEqualTo(event.get("outcome").asText());
            assertThat(row.get("user_name")).isEqualTo(event.get("userName").textValue());
            assertThat(JSON.readTree(String.valueOf(row.get("parameters")))).isEqualTo(event.get("parameters"));
        }
        Map<String, Object> readRow = table.get(read.get("eventId").asText());
        assertThat(readRow.get("roles")).isEqualTo(String.join(",", strings(read.get("roles"))));
        assertThat(readRow.get("columns")).isEqualTo(String.join(",", strings(read.get("columns"))));
        assertThat(readRow.get("row_count")).isEqualTo(2L);
        assertThat(readRow.get("status")).isEqualTo(200);
        assertThat(table.get(bronze.get("eventId").asText()).get("status")).isEqualTo(403);
        assertThat(table.get(bronze.get("eventId").asText()).get("row_count")).isNull();
    }

    private static boolean mine(JsonNode event, String run, long seed, String customer) {
        return !key(event).isEmpty()
                && (event.get("parameters").path("probe").asText().endsWith(run)
                        || event.get("parameters").path("seed").asText().equals(Long.toString(seed))
                        || event.get("parameters").path("customerId").asText().equals(customer));
    }

    /** The probe's prefix, or the action of the calls without one. */
    private static String key(JsonNode event) {
        String probe = event.get("parameters").path("probe").asText();
        return probe.isEmpty() ? event.get("action").asText() : probe.substring(0, probe.indexOf('-') + 1);
    }

    private static Map<String, JsonNode> events(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, JsonNode> events = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                JsonNode event = JSON.readTree(record.value());
                events.put(event.get("eventId").asText(), event);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + AuditTopic.NAME + ": " + new String(record.value()), e);
            }
        }
        return events;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
