package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from the test Keycloak (KeycloakResource): the password grant of the realm's 'lakehouse-cli'
 * client, for the realm's test users (viewer, analyst, operator, privacy, nobody; password = user name). Kept for a
 * minute of their five, so a test class asks Keycloak a few times, not once per request.
 */
public final class Tokens {

    private record Cached(String token, Instant until) {}

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {}

    /** An access token of the test user {@code user} from the tests' Keycloak. */
    public static String of(String user) {
        KeycloakResource.ensureStarted();
        return from(KeycloakResource.ISSUER, user);
    }

    /** An access token of a user of the realm at {@code issuer} (a platform that ./lakehouse run started). */
    public static String from(String issuer, String user) {
        String cacheKey = issuer + " " + user;
        Cached cached = CACHE.get(cacheKey);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return cached.token();
        }
        String form = "grant_type=password&client_id=lakehouse-cli&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        String token;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + user + ": " + response.body());
            }
            token = new ObjectMapper()
                    .readTree(response.body())
                    .get("access_token")
                    .asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + issuer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        CACHE.put(cacheKey, new Cached(token, Instant.now().plus(Duration.ofMinutes(1))));
        return token;
    }
}
