package dev.lakehouse.contracts.registry;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The one client of the Confluent-compatible schema registry API (Apicurio serves it at
 * /apis/ccompat/v7, so the same calls work against Apicurio or Confluent's registry), for both
 * programs: id -> schema for the decoders (the validator, the Spark streams), subject/version for
 * registering and checking the contracts.
 *
 * <p>Failures keep two meanings apart: a 4xx about an id means "this id is not a schema here"
 * (empty), anything else (unreachable, 5xx) is a {@link RegistryException} or {@link IOException}:
 * an outage, which must stop and retry rather than reject good records.
 */
public class SchemaRegistryLookup {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Schemas never change under their id: one parse per registry and id per JVM (a Spark executor's lifetime). */
    private static final Map<String, Schema> WRITER_SCHEMAS = new ConcurrentHashMap<>();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final int attempts;

    /** A client that reports an unreachable registry at once (the caller retries its batch). */
    public SchemaRegistryLookup(String baseUrl) {
        this(baseUrl, 1);
    }

    /** @param attempts how often to try to reach the registry (0.5 s, 1 s, ... apart) before reporting it unreachable */
    public SchemaRegistryLookup(String baseUrl, int attempts) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.attempts = Math.max(1, attempts);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The Confluent-compatible API for a {@code lakehouse.registry.url}: both programs take the same value, Apicurio's
     * v3 API (what the app's serializers use), and this client speaks the Confluent-compatible API beside it. Any other
     * URL (Confluent's own registry, or a ccompat URL) is taken as that API already.
     */
    public static String confluentApi(String registryUrl) {
        String url = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        String v3 = "/apis/registry/v3";
        return url.endsWith(v3) ? url.substring(0, url.length() - v3.length()) + "/apis/ccompat/v7" : url;
    }

    /** The registry answered with an error status; {@link #status()} tells which. */
    public static class RegistryException extends IOException {
        private final int status;

        public RegistryException(int status, String message) {
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
            return Optional.of(send("POST", "/subjects/" + encode(subject), schemaBody(schema))
                    .get("id")
                    .asInt());
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Registers the schema as the subject's next version (or returns the id it already has). */
    public int register(String subject, String schema) throws IOException, InterruptedException {
        return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
                .get("id")
                .asInt();
    }

    public boolean isCompatible(String subject, String schema) throws IOException, InterruptedException {
        return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                .get("is_compatible")
                .asBoolean();
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
        JsonNode level =
                config.has("compatibilityLevel") ? config.get("compatibilityLevel") : config.get("compatibility");
        return level == null ? null : level.asText();
    }

    /**
     * The schema text stored under a global id, as Confluent clients fetch it to decode a record;
     * empty when the registry answers 4xx (404, or 400/422 for a negative id: the id is not a
     * schema here, and retrying would not change that).
     */
    public Optional<String> schemaById(int id) throws IOException, InterruptedException {
        try {
            return Optional.of(
                    send("GET", "/schemas/ids/" + id, null).get("schema").asText());
        } catch (RegistryException e) {
            if (e.status() / 100 == 4) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The parsed writer schema under a global id, cached for the JVM's lifetime; empty as
     * {@link #schemaById}. A text that is not an Avro schema throws Avro's SchemaParseException.
     */
    public Optional<Schema> writerSchema(int id) throws IOException, InterruptedException {
        String key = baseUrl + "#" + id;
        Schema cached = WRITER_SCHEMAS.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> text = schemaById(id);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Schema schema = new Schema.Parser().parse(text.get());
        WRITER_SCHEMAS.putIfAbsent(key, schema);
        return Optional.of(schema);
    }

    /** Fails fast with a clear message when the registry is not there, or not its Confluent-compatible API. */
    public void ping() throws IOException, InterruptedException {
        try {
            send("GET", "/subjects", null);
        } catch (RegistryException e) {
            throw new RegistryException(
                    e.status(),
                    "the schema registry at " + baseUrl + " answered " + e.status()
                            + " to GET /subjects; lakehouse.registry.url must point at the Confluent-compatible API (.../apis/ccompat/v7)");
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
        HttpResponse<String> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new IOException(
                            "schema registry at " + baseUrl + " is unreachable (" + e.getMessage()
                                    + "); check lakehouse.registry.url and that the registry is running",
                            e);
                }
                Thread.sleep(500L << (attempt - 1));
            }
        }
        if (response.statusCode() / 100 != 2) {
            throw new RegistryException(
                    response.statusCode(),
                    method + " " + path + " answered " + response.statusCode() + ": " + errorMessage(response.body()));
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
