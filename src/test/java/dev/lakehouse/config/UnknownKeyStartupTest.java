package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app does not start with a misspelt lakehouse.* key, and says which key it probably meant. The misspelling is
 * in the prefix, outside every config mapping: SmallRye's own check sees only names under a mapping's prefix.
 */
@QuarkusMainTest
@TestProfile(UnknownKeyStartupTest.Misspelt.class)
class UnknownKeyStartupTest {

    public static class Misspelt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lakehouse.generatr.rate", "10");
        }
    }

    @Test
    @Launch(value = "--help", exitCode = 1)
    void aMisspeltKeyFailsTheStartNamingItAndTheClosestKey(LaunchResult result) {
        assertThat(result.getErrorOutput() + result.getOutput())
                .contains("unknown configuration key 'lakehouse.generatr.rate'")
                .contains("did you mean 'lakehouse.generator.rate'");
    }
}
