package dev.lakehouse.schemas;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

@ConfigMapping(prefix = "lakehouse.registry")
public interface RegistryConfig {

    /** Apicurio Registry's v3 API, e.g. http://127.0.0.1:8081/apis/registry/v3 (what the serializers use). */
    String url();

    /**
     * The Confluent-compatible API. Derived from {@link #url()} when that ends in /apis/registry/v3;
     * set it when the registry is Confluent's own.
     */
    Optional<String> ccompatUrl();

    /** Compatibility rule set on every subject by {@code schemas register}. */
    @WithDefault("FULL_TRANSITIVE")
    String compatibility();

    /** Register the schemas when the application starts (tests and local runs); production uses the CLI. */
    @WithDefault("false")
    boolean registerOnStart();

    default String confluentApi() {
        if (ccompatUrl().isPresent()) {
            return ccompatUrl().get();
        }
        String api = SchemaRegistryLookup.confluentApi(url());
        if (api.equals(url()) || (api + "/").equals(url())) {
            throw new IllegalStateException("lakehouse.registry.url (" + url() + ") does not end in /apis/registry/v3"
                    + ": set lakehouse.registry.ccompat-url to the registry's Confluent-compatible API");
        }
        return api;
    }
}
