package dev.lakehouse.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The api role alone, on the known lake, sampling offsets every second. */
public class ApiTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "lakehouse.roles",
                "api",
                "lakehouse.api.pipeline.sample-interval",
                "1s",
                "lakehouse.api.pipeline.rate-window",
                "10s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KnownLake.class));
    }
}
