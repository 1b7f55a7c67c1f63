package dev.lakehouse.audit;

import dev.lakehouse.api.KnownLake;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The api and generator roles on the known lake, committing the audit table every second. */
public class AuditTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("lakehouse.roles", "api,generator", "lakehouse.audit.table.commit-interval", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KnownLake.class));
    }
}
