package dev.lakehouse.contracts.lake;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Turns the {@code lakehouse.catalog.*} keys and {@code lakehouse.data-dir} into the properties of the Iceberg
 * catalog named {@code lake}. Both programs call this one function, so the Spark jobs that write the lake and the
 * app's API that reads it cannot disagree about where the lake is (docs/configuration.md lists the keys).
 *
 * <p>Types: {@code embedded} (the default: a SQLite catalog file and a local warehouse under the data dir),
 * {@code jdbc} (e.g. PostgreSQL), {@code glue} and {@code rest}. {@code lakehouse.catalog.prop.<key>} passes any
 * other Iceberg catalog or FileIO property through and wins over the defaults set here.
 */
public final class CatalogSettings {

    /** The catalog's name: Spark's {@code spark.sql.catalog.lake}, and the name readers initialise it with. */
    public static final String CATALOG_NAME = "lake";

    public static final String DATA_DIR = "lakehouse.data-dir";
    public static final String TYPE = "lakehouse.catalog.type";
    public static final String URI = "lakehouse.catalog.uri";
    public static final String WAREHOUSE = "lakehouse.catalog.warehouse";
    public static final String JDBC_USER = "lakehouse.catalog.jdbc.user";
    public static final String JDBC_PASSWORD = "lakehouse.catalog.jdbc.password";
    public static final String PROP_PREFIX = "lakehouse.catalog.prop.";
    /** Every key this class reads; {@link #PROP_PREFIX} is a prefix. */
    public static final List<String> KEYS =
            List.of(DATA_DIR, TYPE, URI, WAREHOUSE, JDBC_USER, JDBC_PASSWORD, PROP_PREFIX + "<iceberg property>");

    public static final String DEFAULT_DATA_DIR = "./.lakehouse-data";

    /**
     * The embedded catalog's JDBC URI under a data folder ({@code {data_dir}} in lake-contract.json, for dbt's profile).
     * WAL: readers (the platform API, maintenance) never block a stream's commit; writers wait up to 30 s.
     */
    public static final String EMBEDDED_URI_TEMPLATE =
            "jdbc:sqlite:{data_dir}/catalog.db?journal_mode=WAL&busy_timeout=30000";

    public static String embeddedUri(Path dataDir) {
        return EMBEDDED_URI_TEMPLATE.replace("{data_dir}", dataDir.toString());
    }

    public static final String EMBEDDED = "embedded";
    public static final List<String> TYPES = List.of(
            EMBEDDED,
            CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC,
            CatalogUtil.ICEBERG_CATALOG_TYPE_GLUE,
            CatalogUtil.ICEBERG_CATALOG_TYPE_REST);

    /** Not public in Iceberg (JdbcUtil.SCHEMA_VERSION_PROPERTY); V1 is the schema with view support. */
    private static final String JDBC_SCHEMA_VERSION = JdbcCatalog.PROPERTY_PREFIX + "schema-version";

    private static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    private CatalogSettings() {}

    /** The data dir as an absolute path. */
    public static Path dataDir(Map<String, String> settings) {
        return Path.of(settings.getOrDefault(DATA_DIR, DEFAULT_DATA_DIR))
                .toAbsolutePath()
                .normalize();
    }

    /** The catalog type, lower-case; {@code embedded} when unset. */
    public static String type(Map<String, String> settings) {
        String type = settings.getOrDefault(TYPE, EMBEDDED).trim().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown " + TYPE + " '" + type + "': use one of " + TYPES);
        }
        return type;
    }

    /** The embedded catalog's SQLite file, empty for any other type. */
    public static Optional<Path> embeddedFile(Map<String, String> settings) {
        return type(settings).equals(EMBEDDED)
                ? Optional.of(dataDir(settings).resolve("catalog.db"))
                : Optional.empty();
    }

    /**
     * The Iceberg catalog properties.
     *
     * @param settings the {@code lakehouse.*} keys that are set (full names; unset keys absent)
     * @param embeddedCatalogImpl the catalog class a writer uses for the embedded catalog (its commits take turns on
     *     the SQLite file); null for a reader, which gets plain {@code type=jdbc}
     */
    public static Map<String, String> icebergProperties(Map<String, String> settings, String embeddedCatalogImpl) {
        String type = type(settings);
        Map<String, String> p = new LinkedHashMap<>();
        switch (type) {
            case EMBEDDED -> {
                Path dir = dataDir(settings);
                if (embeddedCatalogImpl != null) {
                    p.put(CatalogProperties.CATALOG_IMPL, embeddedCatalogImpl);
                } else {
                    p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
                }
                p.put(CatalogProperties.URI, settings.getOrDefault(URI, embeddedUri(dir)));
                p.put(
                        CatalogProperties.WAREHOUSE_LOCATION,
                        settings.getOrDefault(
                                WAREHOUSE, dir.resolve("warehouse").toUri().toString()));
                p.put(JDBC_SCHEMA_VERSION, "V1");
            }
            case CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC -> {
                p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
                p.put(CatalogProperties.URI, required(settings, URI, type));
                p.put(CatalogProperties.WAREHOUSE_LOCATION, required(settings, WAREHOUSE, type));
                p.put(JDBC_SCHEMA_VERSION, "V1");
                // Unset: the driver's own (credentials in the URL, a .pgpass, IAM ...).
                Optional.ofNullable(settings.get(JDBC_USER))
                        .ifPresent(u -> p.put(JdbcCatalog.PROPERTY_PREFIX + "user", u));
                Optional.ofNullable(settings.get(JDBC_PASSWORD))
                        .ifPresent(pw -> p.put(JdbcCatalog.PROPERTY_PREFIX + "password", pw));
            }
            case CatalogUtil.ICEBERG_CATALOG_TYPE_GLUE -> {
                p.put(CatalogProperties.CATALOG_IMPL, CatalogUtil.ICEBERG_CATALOG_GLUE);
                p.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
                p.put(CatalogProperties.WAREHOUSE_LOCATION, required(settings, WAREHOUSE, type));
            }
            case CatalogUtil.ICEBERG_CATALOG_TYPE_REST -> {
                p.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_REST);
                p.put(CatalogProperties.URI, required(settings, URI, type));
                Optional.ofNullable(settings.get(WAREHOUSE))
                        .ifPresent(w -> p.put(CatalogProperties.WAREHOUSE_LOCATION, w));
            }
            default -> throw new IllegalStateException(type);
        }
        // Several sessions (bronze, silver, maintenance, readers) commit to the same tables: a cached table would
        // hide the others' commits, so every load reads the catalog.
        p.put(CatalogProperties.CACHE_ENABLED, "false");
        // Anything else (glue.id, client.region, s3.endpoint, io-impl ...) passes through unchanged and wins.
        settings.forEach((k, v) -> {
            if (k.startsWith(PROP_PREFIX)) {
                p.put(unquote(k.substring(PROP_PREFIX.length())), v);
            }
        });
        return p;
    }

    /** Spark's and MicroProfile's spelling of a map key with dots may keep the quotes: {@code prop."s3.endpoint"}. */
    private static String unquote(String key) {
        return key.length() > 1 && key.startsWith("\"") && key.endsWith("\"")
                ? key.substring(1, key.length() - 1)
                : key;
    }

    private static String required(Map<String, String> settings, String key, String type) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set with " + TYPE + "=" + type);
        }
        return value;
    }
}
