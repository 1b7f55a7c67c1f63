package dev.lakehouse.spark.decoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Fetches writer schemas by id from the registry's Confluent-compatible API. Schemas under an id never change,
 * so each executor JVM asks once per id and keeps the answer for its lifetime.
 */
public final class SchemaRegistryClient {
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;

  public SchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** The writer schema with this id; {@link SchemaNotFoundException} if the registry does not know it. */
  public Schema schemaById(int id) {
    return CACHE.computeIfAbsent(baseUrl + "#" + id, k -> fetch(id));
  }

  private Schema fetch(int id) {
    JsonNode body = get("/schemas/ids/" + id, id);
    return new Schema.Parser().parse(body.get("schema").asText());
  }

  private JsonNode get(String path, int id) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> resp = send(req);
    if (resp.statusCode() == 404) {
      throw new SchemaNotFoundException("schema id " + id + " is unknown to the registry at " + baseUrl);
    }
    if (resp.statusCode() != 200) {
      // Not a property of the record: a registry outage must stop the query, not quarantine good data.
      throw new RegistryUnavailableException("registry at " + baseUrl + " answered " + resp.statusCode() + " for " + path);
    }
    try {
      return JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new RegistryUnavailableException("registry at " + baseUrl + " sent unreadable JSON for " + path);
    }
  }

  private HttpResponse<String> send(HttpRequest req) {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        sleep(500L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while calling the registry");
      }
    }
    throw new RegistryUnavailableException("the schema registry at " + baseUrl + " cannot be reached ("
        + last + "); check lakehouse.registry.url");
  }

  /** Fails fast with a clear message when the registry is not there (used before a query starts). */
  public void ping() {
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + "/subjects")).timeout(Duration.ofSeconds(5)).GET().build();
    HttpResponse<String> resp = send(req);
    if (resp.statusCode() != 200) {
      throw new RegistryUnavailableException("the schema registry at " + baseUrl + " answered " + resp.statusCode()
          + " to GET /subjects; lakehouse.registry.url must point at the Confluent-compatible API (…/apis/ccompat/v7)");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static final class SchemaNotFoundException extends RuntimeException {
    public SchemaNotFoundException(String m) {
      super(m);
    }
  }

  public static final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String m) {
      super(m);
    }
  }
}
