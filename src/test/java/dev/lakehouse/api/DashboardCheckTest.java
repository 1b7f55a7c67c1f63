package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The browser check (e2e/dashboard-check.sh) against this app serving the known lake: headless Chromium must show
 * exactly the API's figures. Chromium is required: Debian's package, apt-get install -y chromium.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
@QuarkusTestResource(LocalStackResource.class)
class DashboardCheckTest {

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void theDashboardShowsWhatTheApiSays() throws IOException, InterruptedException {
        assertThat(chromiumInstalled())
                .as(
                        "Chromium is needed for the dashboard's browser check: apt-get install -y chromium (or set CHROMIUM)")
                .isTrue();
        Path screenshot = LocalStackResource.PROJECT.resolve("target/dashboard-check/dashboard.png");
        Files.deleteIfExists(screenshot);
        Process check = new ProcessBuilder(
                        LocalStackResource.PROJECT
                                .resolve("e2e/dashboard-check.sh")
                                .toString(),
                        dashboard.toString(),
                        screenshot.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("equal the API's");
        assertThat(screenshot).isNotEmptyFile();
    }

    private static boolean chromiumInstalled() throws InterruptedException, IOException {
        String custom = System.getenv("CHROMIUM");
        if (custom != null) {
            return Files.isExecutable(Path.of(custom));
        }
        return new ProcessBuilder(
                                "sh",
                                "-c",
                                "command -v chromium || command -v chromium-browser || command -v google-chrome")
                        .start()
                        .waitFor()
                == 0;
    }
}
