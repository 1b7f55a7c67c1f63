package dev.lakehouse.privacy;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The data subjects' keys of this process, opened on first use: only the generator needs them, so a process without
 * that role starts without the setting.
 */
@ApplicationScoped
@Unremovable
public class SubjectKeys implements Supplier<DataKeys> {

    private final PrivacyConfig config;
    private volatile DataKeys keys;

    SubjectKeys(PrivacyConfig config) {
        this.config = config;
    }

    @Override
    public DataKeys get() {
        if (keys == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = DataKeys.shared(new SubjectKeySettings(
                            config.subjectKeys().orElse(null), config.kmsKeyId().orElse(null)));
                }
            }
        }
        return keys;
    }
}
