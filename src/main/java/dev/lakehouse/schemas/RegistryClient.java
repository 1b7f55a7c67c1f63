package dev.lakehouse.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A small client for the Confluent-compatible schema registry API (Apicurio serves it at
 * /apis/ccompat/v7), so the same commands work against Apicurio or Confluent's registry.
 */
public class RegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The registry answered with an error status; {@link #status()} tells which. */
    public static class RegistryException extends IOException {
        private final int status;

        RegistryException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The id of this exact schema under the subject, if registered there. */
    public Optional<Integer> lookup(String subject, String schema) throws IOException, InterruptedException {
        try {
            return Optional.of(send("POST", "/subjects/" + encode(subject), schemaBody(schema)).get("id").asInt());
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Registers the schema as the subject's next version (or returns the id it already has). */
    public int register(String subject, String schema) throws IOException, InterruptedException {
        return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).get("id").asInt();
    }

    public boolean isCompatible(String subject, String schema) throws IOException, InterruptedException {
        return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                .get("is_compatible").asBoolean();
    }

    public void setCompatibility(String subject, String level) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", "/config/" + encode(subject), body.toString());
    }

    /** The subject's own compatibility rule, or null when it has none. */
    public String compatibility(String subject) throws IOException, InterruptedException {
        JsonNode config;
        try {
            config = send("GET", "/config/" + encode(subject), null);
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        JsonNode level = config.has("compatibilityLevel") ? config.get("compatibilityLevel") : config.get("compatibility");
        return level == null ? null : level.asText();
    }

    /** The schema text stored under a global id, as Confluent clients fetch it to decode a record. */
    public Optional<String> schemaById(int id) throws IOException, InterruptedException {
        try {
            return Optional.of(send("GET", "/schemas/ids/" + id, null).get("schema").asText());
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("schema registry at " + baseUrl + " is unreachable (" + e.getMessage()
                    + "); check lakehouse.registry.url and that the registry is running", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RegistryException(response.statusCode(), method + " " + path + " answered " + response.statusCode()
                    + ": " + errorMessage(response.body()));
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error.has("message") ? error.get("message").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
