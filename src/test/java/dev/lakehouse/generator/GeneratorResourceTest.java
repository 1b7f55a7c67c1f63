package dev.lakehouse.generator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.lakehouse.generator.publishing.GeneratorKafkaTest;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The REST controls drive a real-time run against the real broker: start, rate, status, stop. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class GeneratorResourceTest {

    @Test
    void startChangeTheRateReadTheStatusAndStop() {
        Map<TopicPartition, Long> before = GeneratorKafkaTest.endOffsets();

        given().queryParam("eventsPerSecond", 300)
                .queryParam("seed", 77)
                .when()
                .post("/generator/start")
                .then()
                .statusCode(202)
                .body("seed", equalTo(77));
        given().queryParam("eventsPerSecond", 300)
                .when()
                .post("/generator/start")
                .then()
                .statusCode(409);

        // The store's opening goes out at once; the rate paces the traffic after it.
        long opening = status().getLong("openingRecords");
        assertThat(opening).as("opening records (catalog, stock, customers)").isPositive();
        // Paced at 300/s the opening would take over 12 s.
        Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> status().getLong("records") >= opening);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status().getLong("records") > opening + 50);
        given().queryParam("eventsPerSecond", 600)
                .when()
                .put("/generator/rate")
                .then()
                .statusCode(200)
                .body("targetEventsPerSecond", equalTo(600.0f));
        given().queryParam("eventsPerSecond", -1)
                .when()
                .put("/generator/rate")
                .then()
                .statusCode(400);
        long beforeChange = status().getLong("records");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status().getLong("records") > beforeChange + 50);

        JsonPath stopped = given().when()
                .post("/generator/stop")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stopped.getString("state")).isEqualTo("STOPPED");
        long records = stopped.getLong("records");
        double seconds = stopped.getDouble("elapsedSeconds");
        // Real-time traffic follows the time of day (fewer visits at night), so the target is a ceiling, not a floor.
        assertThat((records - opening) / seconds)
                .as("records per second after the opening (300, then 600)")
                .isBetween(1.0, 700.0);

        long appended = GeneratorKafkaTest.endOffsets().entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                .sum();
        assertThat(appended)
                .as("records appended to the raw topics vs the run's count")
                .isEqualTo(records);
        assertThat(status().getString("state")).isEqualTo("STOPPED");
    }

    private static JsonPath status() {
        return given().when()
                .get("/generator/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
