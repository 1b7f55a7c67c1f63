package dev.lakehouse.lake;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The lake's Iceberg catalog, opened once and read-only by use. An embedded catalog whose file does not exist yet
 * (the streams have not started) is an empty lake, not an error: it is opened as soon as the file appears.
 */
@ApplicationScoped
public class LakeCatalog {

    /** The layers, in the order the data flows; every table of the lake lives in one of these namespaces. */
    public static final List<String> LAYERS = LakeTables.NAMESPACES;

    private static final Logger LOG = Logger.getLogger(LakeCatalog.class);

    private final ReaderCatalogProperties settings;
    private volatile Catalog catalog;

    @Inject
    public LakeCatalog(
            CatalogConfig catalog,
            @ConfigProperty(name = CatalogSettings.DATA_DIR, defaultValue = CatalogSettings.DEFAULT_DATA_DIR)
                    String dataDir) {
        this(new LakeConfig(dataDir, catalog));
    }

    public LakeCatalog(LakeConfig config) {
        this.settings = ReaderCatalogProperties.of(config);
    }

    /**
     * Opens the catalog now, so a wrong setting stops the start with a message naming the property.
     * Returns false when the embedded catalog has no file yet.
     */
    public boolean openAtStartup() {
        try {
            return open().isPresent();
        } catch (LakeUnavailableException e) {
            String property = settings.embeddedFile().isPresent() ? CatalogSettings.DATA_DIR : "lakehouse.catalog.*";
            throw new IllegalStateException(
                    "Cannot open the lake's Iceberg catalog: " + rootMessage(e) + ". Check " + property
                            + " (catalog properties in use: " + settings.printable() + ")",
                    e);
        }
    }

    /** The catalog, or empty while the embedded catalog file does not exist. */
    public Optional<Catalog> open() {
        Catalog open = catalog;
        if (open != null) {
            return Optional.of(open);
        }
        synchronized (this) {
            if (catalog == null) {
                if (settings.embeddedFile().isPresent()
                        && !Files.exists(settings.embeddedFile().get())) {
                    return Optional.empty();
                }
                catalog = build();
                LOG.infof(
                        "Reading the lake through the Iceberg catalog at %s",
                        settings.properties()
                                .getOrDefault("uri", settings.properties().getOrDefault("warehouse", "")));
            }
            return Optional.of(catalog);
        }
    }

    private Catalog build() {
        Configuration hadoop = new Configuration();
        try {
            if (settings.isSqlite() && "jdbc".equals(settings.properties().get("type"))) {
                JdbcCatalog jdbc = new JdbcCatalog(null, p -> new SqliteConnectionPerCall(p.get("uri"), p), true);
                jdbc.setConf(hadoop);
                jdbc.initialize(CatalogSettings.CATALOG_NAME, settings.properties());
                return jdbc;
            }
            Catalog built =
                    CatalogUtil.buildIcebergCatalog(CatalogSettings.CATALOG_NAME, settings.properties(), hadoop);
            if (built instanceof SupportsNamespaces namespaces) {
                namespaces.listNamespaces(); // reach the catalog now, not at the first request
            }
            return built;
        } catch (RuntimeException | NoClassDefFoundError e) {
            throw new LakeUnavailableException("cannot open the Iceberg catalog", e);
        }
    }

    /** Every table in the layer namespaces, in flow order (bronze, silver, gold), then by name. */
    public List<TableIdentifier> tables() {
        Optional<Catalog> open = open();
        if (open.isEmpty()) {
            return List.of();
        }
        List<TableIdentifier> all = new ArrayList<>();
        for (String layer : LAYERS) {
            try {
                all.addAll(open.get().listTables(Namespace.of(layer)));
            } catch (NoSuchNamespaceException e) {
                // this layer has no table yet
            } catch (RuntimeException e) {
                throw new LakeUnavailableException("cannot list the tables of " + layer + ": " + rootMessage(e), e);
            }
        }
        all.sort(Comparator.comparing(
                        (TableIdentifier t) -> LAYERS.indexOf(t.namespace().level(0)))
                .thenComparing(TableIdentifier::name));
        return all;
    }

    /** The table as of its latest commit, or empty if the catalog does not have it (yet). */
    public Optional<Table> load(TableIdentifier id) {
        Optional<Catalog> open = open();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(open.get().loadTable(id));
        } catch (NoSuchTableException | NoSuchNamespaceException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new LakeUnavailableException("cannot load " + id + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
