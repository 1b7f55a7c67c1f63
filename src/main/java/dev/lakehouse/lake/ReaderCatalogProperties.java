package dev.lakehouse.lake;

import dev.lakehouse.contracts.lake.CatalogSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Iceberg catalog properties the api role reads with: the shared {@link CatalogSettings} (the same the Spark
 * jobs write with, docs/configuration.md), as a reader (plain {@code type=jdbc} for the embedded catalog).
 *
 * @param embeddedFile the SQLite file of the embedded catalog; empty for any other catalog
 */
public record ReaderCatalogProperties(Map<String, String> properties, Optional<Path> embeddedFile) {

    public static ReaderCatalogProperties of(LakeConfig config) {
        Map<String, String> settings = config.settings();
        Map<String, String> p;
        try {
            p = new LinkedHashMap<>(CatalogSettings.icebergProperties(settings, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Cannot open the lake's Iceberg catalog: " + e.getMessage(), e);
        }
        // Iceberg's AWS clients default to the Apache HTTP client; the app ships the JDK-based one.
        p.putIfAbsent("http-client.type", "urlconnection");
        return new ReaderCatalogProperties(Map.copyOf(p), CatalogSettings.embeddedFile(settings));
    }

    public boolean isSqlite() {
        return properties.getOrDefault("uri", "").startsWith("jdbc:sqlite:");
    }

    /** The properties with secrets blanked, for messages. */
    public Map<String, String> printable() {
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.replaceAll((k, v) -> k.contains("password") || k.contains("secret") ? "***" : v);
        return out;
    }
}
