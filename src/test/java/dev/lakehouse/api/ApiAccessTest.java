package dev.lakehouse.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.customers.CustomerEvent;
import dev.lakehouse.events.customers.ErasureRequested;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.KeycloakResource;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sign-in and least privilege on an api instance, with real tokens from the test Keycloak: every endpoint answers 401
 * without a token, 403 to each role it does not admit and 200 to each it does; tables and columns outside an
 * analyst's allow-list are refused; nonsense parameters are a 400 that says what to fix; no error body names anything
 * internal. (The generator's endpoints: GeneratorAccessTest.)
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(KeycloakResource.class)
class ApiAccessTest {

    private static final List<String> USERS = List.of("viewer", "analyst", "operator", "privacy", "nobody");
    private static final List<String> DASHBOARD = List.of("viewer", "analyst");

    /** Every endpoint of the api role and the roles it admits (the table in docs/security.md). */
    private static final Map<String, List<String>> MATRIX = Map.ofEntries(
            Map.entry("/api/summary", DASHBOARD),
            Map.entry("/api/kpis/revenue", DASHBOARD),
            Map.entry("/api/kpis/funnel", DASHBOARD),
            Map.entry("/api/kpis/top-products", DASHBOARD),
            Map.entry("/api/kpis/stock", DASHBOARD),
            Map.entry("/api/kpis/active-sessions", DASHBOARD),
            Map.entry("/api/kpis/customer-value", DASHBOARD),
            Map.entry("/api/lake/tables", DASHBOARD),
            Map.entry("/api/pipeline", DASHBOARD),
            Map.entry("/api/recommendations", DASHBOARD),
            Map.entry("/api/recommendations/c-1", List.of("analyst")),
            Map.entry("/api/tables/gold/revenue_per_minute/snapshots", List.of("analyst")),
            Map.entry("/api/tables/gold/revenue_per_minute/rows", List.of("analyst")),
            Map.entry("/api/privacy/erasures", List.of("privacy")),
            Map.entry("/api/sign-in/me", List.of("viewer", "analyst", "operator", "privacy")));

    @Test
    void everyEndpointWantsATokenAndARoleItAdmits() {
        List<String> wrong = new ArrayList<>();
        MATRIX.forEach((path, admitted) -> {
            expect(wrong, path, "no token", given().when().get(path), 401);
            for (String user : USERS) {
                expect(
                        wrong,
                        path,
                        user,
                        given().auth().oauth2(Tokens.of(user)).when().get(path),
                        admitted.contains(user) ? 200 : 403);
            }
        });
        assertThat(wrong).as("endpoint, caller: status").isEmpty();
    }

    @Test
    void aTokenTheIssuerDidNotSignIsRefused() {
        String token = Tokens.of("viewer");
        String[] parts = token.split("\\.");
        // The payload of another user's token under this one's signature.
        String forged = parts[0] + "." + Tokens.of("analyst").split("\\.")[1] + "." + parts[2];
        given().auth()
                .oauth2(forged)
                .when()
                .get("/api/tables/gold/revenue_per_minute/rows")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json")
                .body("detail", containsString("Authorization: Bearer"));
        given().auth().oauth2("not-a-token").when().get("/api/summary").then().statusCode(401);
    }

    @Test
    void signInSettingsArePublicAndNameTheIssuer() {
        given().when()
                .get("/api/sign-in/settings")
                .then()
                .statusCode(200)
                .body("issuer", equalTo(KeycloakResource.ISSUER))
                .body("clientId", equalTo("lakehouse-dashboard"));
        given().auth()
                .oauth2(Tokens.of("viewer"))
                .when()
                .get("/api/sign-in/me")
                .then()
                .statusCode(200)
                .body("name", equalTo("viewer"))
                .body("roles", org.hamcrest.Matchers.hasItem("viewer"));
        given().when().get("/").then().statusCode(200);
    }

    @Test
    void analystsReadOnlyListedTablesAndColumns() {
        for (String path : List.of(
                "/api/tables/bronze/events/rows",
                "/api/tables/bronze/quarantine/rows",
                "/api/tables/bronze/events/snapshots",
                "/api/tables/core/dim_customer/rows",
                "/api/tables/marts/mart_customer_lifetime_value/rows",
                "/api/tables/warehouse/stg_customers/rows")) {
            problem("analyst", path, 403, "not readable");
            problem("viewer", path, 403, "do not admit");
        }
        // Allowed table, personal columns left out.
        assertThat(given().auth()
                        .oauth2(Tokens.of("analyst"))
                        .when()
                        .get("/api/tables/silver/late_events/rows")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("columns.name"))
                .containsExactlyInAnyOrder(
                        "domain",
                        "event_id",
                        "event_time",
                        "watermark",
                        "topic",
                        "kafka_partition",
                        "kafka_offset",
                        "ingest_time");
    }

    @Test
    void nonsenseParametersAreA400ThatSaysWhatToFix() {
        String rows = "/api/tables/gold/revenue_per_minute/rows";
        // As typed in a URL, '+' is a space; encoded (%2B), it is the year +999999999, which overflows Iceberg's
        // milliseconds.
        problem("analyst", rows + "?asOf=+999999999-12-31T23:59:59Z", 400, "asOf must be an ISO-8601 instant");
        problem(
                "analyst",
                rows + "?asOf=%2B999999999-12-31T23:59:59Z",
                400,
                "asOf must lie between 1970-01-01T00:00:00Z and");
        problem("analyst", rows + "?asOf=-999999999-01-01T00:00:00Z", 400, "asOf must lie between");
        problem("analyst", rows + "?asOf=1969-12-31T23:59:59Z", 400, "asOf must lie between");
        problem("analyst", rows + "?snapshot=-1", 400, "positive whole number");
        problem("analyst", rows + "?snapshot=0", 400, "positive whole number");
        problem("analyst", rows + "?snapshot=99999999999999999999999", 400, "positive whole number");
        problem("analyst", rows + "?limit=2147483648", 400, "limit must be a whole number from 1 to 1000");
        problem("analyst", rows + "?asOf=" + "9".repeat(1000), 400, "...'");
        problem("viewer", "/api/kpis/top-products?hour=%2B999999999-12-31T23:00:00Z", 400, "hour must lie between");
        problem("viewer", "/api/kpis/revenue?minutes=99999999999", 400, "minutes must be a whole number");
    }

    @Test
    void errorBodiesNameNothingInternal() {
        List<Response> answers = new ArrayList<>();
        for (String path : List.of(
                "/api/tables/gold/revenue_per_minute/rows?asOf=%2B999999999-12-31T23:59:59Z",
                "/api/tables/gold/revenue_per_minute/rows?snapshot=123",
                "/api/tables/silver/clickstream/rows",
                "/api/tables/bronze/events/rows",
                "/api/tables/gold/revenue_per_minute/rows?asOf=2000-01-01T00:00:00Z",
                "/api/tables/..%2F..%2Fetc/passwd/rows",
                "/api/nothing-here")) {
            answers.add(given().auth()
                    .oauth2(Tokens.of("analyst"))
                    .urlEncodingEnabled(false)
                    .when()
                    .get(path));
        }
        answers.add(given().when().get("/api/summary"));
        answers.add(given().auth().oauth2(Tokens.of("operator")).when().get("/api/summary"));
        for (Response answer : answers) {
            String body = answer.asString();
            assertThat(answer.statusCode()).as(body).isBetween(400, 499);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(body)
                    .doesNotContain(
                            LocalStackResource.PROJECT.toString(),
                            "target/",
                            ".db",
                            "jdbc",
                            "SQL",
                            "Exception",
                            "at dev.",
                            "at org.",
                            "file:",
                            "lakehouse-data",
                            "/tmp");
        }
    }

    @Test
    void onlyThePrivacyRoleRequestsAnErasureWhichGoesToTheCustomersTopic() {
        String customer = "c-" + java.util.UUID.randomUUID();
        given().contentType("application/json")
                .body(Map.of("customerId", customer))
                .when()
                .post("/api/privacy/erasures")
                .then()
                .statusCode(401);
        for (String user : List.of("viewer", "analyst", "operator", "nobody")) {
            given().auth()
                    .oauth2(Tokens.of(user))
                    .contentType("application/json")
                    .body(Map.of("customerId", customer))
                    .when()
                    .post("/api/privacy/erasures")
                    .then()
                    .statusCode(403);
        }
        for (String bad : List.of("", "ada@example.com", "x".repeat(65), "../../etc", "c 1")) {
            given().auth()
                    .oauth2(Tokens.of("privacy"))
                    .contentType("application/json")
                    .body(Map.of("customerId", bad))
                    .when()
                    .post("/api/privacy/erasures")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("never an e-mail or a name"));
        }
        String requestId = given().auth()
                .oauth2(Tokens.of("privacy"))
                .contentType("application/json")
                .body(Map.of("customerId", customer))
                .when()
                .post("/api/privacy/erasures")
                .then()
                .statusCode(202)
                .header("Location", containsString("/api/privacy/erasures/er-"))
                .body("customerId", equalTo(customer))
                .extract()
                .path("requestId");

        var onTopic = KafkaTestClients.readUntil(
                Domain.CUSTOMERS.rawTopic(),
                KafkaTestClients.avroDeserializer(),
                seen -> seen.stream().anyMatch(r -> customer.equals(r.key())),
                Duration.ofSeconds(30));
        CustomerEvent event = onTopic.stream()
                .filter(r -> customer.equals(r.key()))
                .map(r -> (CustomerEvent) r.value())
                .findFirst()
                .orElseThrow();
        assertThat(event.getCustomerId()).isEqualTo(customer);
        assertThat(event.getPayload()).isInstanceOf(ErasureRequested.class);
        assertThat(((ErasureRequested) event.getPayload()).getRequestId()).isEqualTo(requestId);
        assertThat(((ErasureRequested) event.getPayload()).getChannel()).isEqualTo("privacy-api");

        // No erase pass has run in this test: the report says how to get one, and nonsense ids are refused.
        problem("privacy", "/api/privacy/erasures/" + requestId, 404, "next one");
        problem("privacy", "/api/privacy/erasures/%2E%2E%2Fetc", 400, "requestId must be");
        problem("privacy", "/api/privacy/erasures?customer=ada@example.com", 400, "customer must be");
        given().auth()
                .oauth2(Tokens.of("privacy"))
                .when()
                .get("/api/privacy/erasures?customer=" + customer)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void generatorEndpointsDoNotExistWithoutTheGeneratorRole() {
        for (String user : List.of("operator", "viewer")) {
            given().auth()
                    .oauth2(Tokens.of(user))
                    .when()
                    .get("/generator/status")
                    .then()
                    .statusCode(404)
                    .body("detail", containsString("generator role is off"));
            given().auth()
                    .oauth2(Tokens.of(user))
                    .queryParam("eventsPerSecond", 10)
                    .when()
                    .post("/generator/start")
                    .then()
                    .statusCode(404);
        }
    }

    private static void expect(List<String> wrong, String path, String caller, Response response, int status) {
        if (response.statusCode() != status) {
            wrong.add(path + ", " + caller + ": " + response.statusCode() + " (expected " + status + ") "
                    + response.asString());
        }
    }

    private static void problem(String user, String path, int status, String detailContains) {
        given().auth()
                .oauth2(Tokens.of(user))
                .urlEncodingEnabled(false)
                .when()
                .get(path)
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(detailContains));
    }
}
