package dev.lakehouse.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real identity provider for the tests: Keycloak from the local stack (local-stack/stack.sh up --keycloak-only) with
 * the repository's realm and test users. It starts once per test JVM (about 35 s) and serves every Quarkus start of
 * that JVM; a shutdown hook stops it, and a Keycloak left behind by a killed run is reused by the next.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final int PORT = 38180 + LocalStackResource.PORT_OFFSET;
    public static final int MANAGEMENT_PORT = 39180 + LocalStackResource.PORT_OFFSET;
    public static final String ISSUER = "http://127.0.0.1:" + PORT + "/realms/lakehouse";
    private static final Path DIR = LocalStackResource.PROJECT.resolve("target/test-keycloak");
    private static boolean started;

    @Override
    public Map<String, String> start() {
        ensureStarted();
        return Map.of("quarkus.oidc.auth-server-url", ISSUER);
    }

    /** Starts Keycloak unless this JVM already did; also for tests outside Quarkus (the packaged app, the launcher). */
    public static synchronized void ensureStarted() {
        if (started) {
            return;
        }
        String[] ports = {
            "--keycloak-only",
            "--keycloak-port",
            Integer.toString(PORT),
            "--keycloak-management-port",
            Integer.toString(MANAGEMENT_PORT)
        };
        LocalStackResource.stack(DIR, "up", ports);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalStackResource.stack(DIR, "down", ports)));
        started = true;
    }

    @Override
    public void stop() {
        // Shared by every Quarkus start of this JVM: stopped by the shutdown hook.
    }
}
