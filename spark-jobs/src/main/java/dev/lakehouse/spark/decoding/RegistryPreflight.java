package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import java.io.IOException;

/** Checks the registry is there before a stream starts, so a wrong URL fails in seconds with a sentence. */
public final class RegistryPreflight {
    private RegistryPreflight() {}

    public static void check(String registryUrl) {
        try {
            new SchemaRegistryLookup(registryUrl, 3).ping();
        } catch (IOException e) {
            throw new RegistryUnavailableException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while calling the registry", e);
        }
    }
}
