package dev.lakehouse.privacy;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.lake.CatalogConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data subjects' keys of this process, opened on first use: only the generator needs them, so a process without
 * that role starts without them. Where: {@code lakehouse.pii.subject-keys}, else (embedded catalog) the per-user
 * folder of {@code lakehouse.data-dir}, the same default spark-jobs takes for that lake, so a generator and the streams
 * run by hand on one data folder agree without a setting.
 */
@ApplicationScoped
@Unremovable
public class SubjectKeys implements Supplier<DataKeys> {

    private final PrivacyConfig config;
    private final CatalogConfig catalog;
    private final String dataDir;
    private volatile DataKeys keys;

    SubjectKeys(
            PrivacyConfig config,
            CatalogConfig catalog,
            @ConfigProperty(name = CatalogSettings.DATA_DIR, defaultValue = CatalogSettings.DEFAULT_DATA_DIR)
                    String dataDir) {
        this.config = config;
        this.catalog = catalog;
        this.dataDir = dataDir;
    }

    @Override
    public DataKeys get() {
        if (keys == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = DataKeys.shared(SubjectKeySettings.resolve(
                            config.subjectKeys().orElse(null),
                            config.kmsKeyId().orElse(null),
                            catalog.type(),
                            Path.of(dataDir),
                            System.getenv()));
                }
            }
        }
        return keys;
    }
}
