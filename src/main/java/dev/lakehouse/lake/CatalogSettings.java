package dev.lakehouse.lake;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Iceberg catalog properties a reader needs, from {@link LakeConfig}: the embedded default mirrors what
 * spark-jobs writes (docs/spark-jobs.md, "Catalog properties for readers"); anything under prop.* wins.
 *
 * @param embeddedFile the SQLite file of the embedded catalog; empty for any other catalog
 */
public record CatalogSettings(Map<String, String> properties, Optional<Path> embeddedFile) {

    public static final String CATALOG_NAME = "lake";

    public static CatalogSettings of(LakeConfig config) {
        LakeConfig.Catalog catalog = config.catalog();
        Map<String, String> p = new LinkedHashMap<>();
        boolean embedded = catalog.type().equals("jdbc") && catalog.uri().isEmpty()
                && !catalog.prop().containsKey("catalog-impl");
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        if (!catalog.prop().containsKey("catalog-impl")) {
            p.put("type", catalog.type());
        }
        if (embedded) {
            // WAL: the streams' commits never wait for us; busy_timeout covers a checkpoint in progress.
            p.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db") + "?journal_mode=WAL&busy_timeout=30000");
            p.put("warehouse", catalog.warehouse().orElse(dir.resolve("warehouse").toUri().toString()));
        } else {
            catalog.uri().ifPresent(uri -> p.put("uri", uri));
            catalog.warehouse().ifPresent(warehouse -> p.put("warehouse", warehouse));
        }
        if (catalog.type().equals("jdbc")) {
            // The schema spark-jobs creates (with view support); V0 would log a warning on every start.
            p.put("jdbc.schema-version", "V1");
        }
        // Streams commit all the time: a cached table would show an old snapshot.
        p.put("cache-enabled", "false");
        // Iceberg's AWS clients default to the Apache HTTP client; the app ships the JDK-based one.
        p.put("http-client.type", "urlconnection");
        p.putAll(catalog.prop());
        return new CatalogSettings(Map.copyOf(p), embedded ? Optional.of(dir.resolve("catalog.db")) : Optional.empty());
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
