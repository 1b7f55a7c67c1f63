package dev.lakehouse.generator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.lakehouse.testing.KeycloakResource;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The generator's endpoints on an instance with the generator role, with real tokens from the test Keycloak: 401
 * without a token, 403 for every role but operator, 2xx for operators; rate and count have upper bounds.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(KeycloakResource.class)
class GeneratorAccessTest {

    private record Call(String name, Function<RequestSpecification, Response> send, int okStatus) {}

    @Test
    void onlyOperatorsControlTheGenerator() {
        // In the order an operator would use them: start a run (long enough to still go when its rate changes), change
        // its rate, read it, stop it.
        List<Call> calls = List.of(
                new Call(
                        "POST /generator/start",
                        r -> r.queryParam("eventsPerSecond", 20)
                                .queryParam("events", 100_000)
                                .queryParam("seed", 5)
                                .post("/generator/start"),
                        202),
                new Call(
                        "PUT /generator/rate",
                        r -> r.queryParam("eventsPerSecond", 30).put("/generator/rate"),
                        200),
                new Call("GET /generator/status", r -> r.get("/generator/status"), 200),
                new Call("POST /generator/stop", r -> r.post("/generator/stop"), 200));
        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            check(wrong, call, "no token", call.send().apply(given()), 401);
            for (String user : List.of("viewer", "analyst", "privacy", "nobody")) {
                check(wrong, call, user, call.send().apply(given().auth().oauth2(Tokens.of(user))), 403);
            }
            check(
                    wrong,
                    call,
                    "operator",
                    call.send().apply(given().auth().oauth2(Tokens.of("operator"))),
                    call.okStatus());
        }
        assertThat(wrong).as("call, caller: status").isEmpty();
    }

    @Test
    void rateAndCountHaveUpperBounds() {
        RequestSpecification operator = given().auth().oauth2(Tokens.of("operator"));
        operator.queryParam("eventsPerSecond", 5001)
                .when()
                .post("/generator/start")
                .then()
                .statusCode(400)
                .body("error", containsString("at most 5000"));
        given().auth()
                .oauth2(Tokens.of("operator"))
                .queryParam("eventsPerSecond", 100)
                .queryParam("events", 5_000_001)
                .when()
                .post("/generator/start")
                .then()
                .statusCode(400)
                .body("error", containsString("events from 1 to 5000000"));
        given().auth()
                .oauth2(Tokens.of("operator"))
                .queryParam("eventsPerSecond", 1e12)
                .when()
                .put("/generator/rate")
                .then()
                .statusCode(400)
                .body("error", containsString("at most 5000"));
    }

    private static void check(List<String> wrong, Call call, String caller, Response response, int status) {
        if (response.statusCode() != status) {
            wrong.add(call.name() + ", " + caller + ": " + response.statusCode() + " (expected " + status + ") "
                    + response.asString());
        }
    }
}
