package dev.lakehouse.contracts.privacy;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the data subjects' keys are, as both programs name it: {@code lakehouse.pii.subject-keys} (a folder, or an
 * {@code s3://bucket/prefix} in production) and {@code lakehouse.pii.kms-key-id} (the AWS KMS key that wraps them;
 * without it, a local master key in the folder). Neither is a secret: the keys themselves never pass through
 * configuration. A reader trusts a key it looked up for {@code cacheTtl} (30 s unless a test says otherwise).
 * Serializable, so Spark ships it to its executors, which open their own {@link DataKeys}.
 */
public record SubjectKeySettings(String location, String kmsKeyId, Duration cacheTtl) implements Serializable {

    public static final String LOCATION = "lakehouse.pii.subject-keys";
    public static final String KMS_KEY_ID = "lakehouse.pii.kms-key-id";
    /** How long a reader trusts a key it looked up: a shredded key stops opening values at most this late. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

    public SubjectKeySettings(String location, String kmsKeyId) {
        this(location, kmsKeyId, DEFAULT_CACHE_TTL);
    }

    public SubjectKeySettings {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException(LOCATION + " is not set: name the folder (or s3://bucket/prefix) of the "
                    + "data subjects' keys; docs/privacy.md");
        }
        if (location.startsWith("s3://") && (kmsKeyId == null || kmsKeyId.isBlank())) {
            throw new IllegalArgumentException(LOCATION + " = " + location + " needs " + KMS_KEY_ID
                    + ": keys on S3 are wrapped by AWS KMS (a local master key must never sit beside them)");
        }
        cacheTtl = cacheTtl == null ? DEFAULT_CACHE_TTL : cacheTtl;
    }

    public boolean onS3() {
        return location.startsWith("s3://");
    }

    /**
     * The settings both programs take: {@code location} as set, else (embedded catalog only) the per-user folder of the
     * data folder ({@link #defaultFolder}), so a generator and the streams on one lake agree without a setting.
     *
     * @throws IllegalArgumentException naming the key when the location is missing or incomplete
     */
    public static SubjectKeySettings resolve(
            String location, String kmsKeyId, String catalogType, Path dataDir, Map<String, String> environment) {
        if (location == null) {
            if (!"embedded".equals(catalogType)) {
                throw new IllegalArgumentException(LOCATION + " is not set: name the folder or s3://bucket/prefix of "
                        + "the data subjects' keys (the Helm chart sets it from privacy.subjectKeys; docs/privacy.md)");
            }
            location = defaultFolder(dataDir, environment).toString();
        }
        return new SubjectKeySettings(location, kmsKeyId);
    }

    /**
     * The per-user default of a lake folder, beside its PII key ring and never inside the data:
     * {@code $XDG_CONFIG_HOME/lakehouse/keys/subjects-<digest of the folder>} (else under {@code ~/.config}).
     */
    public static Path defaultFolder(Path dataDir, Map<String, String> environment) {
        String digest =
                DirectoryKeyStore.digest(dataDir.toAbsolutePath().normalize().toString());
        return keysHome(environment).resolve("subjects-" + digest.substring(0, 12));
    }

    /** The per-user key folder: {@code $XDG_CONFIG_HOME/lakehouse/keys}, else {@code ~/.config/lakehouse/keys}. */
    public static Path keysHome(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("lakehouse").resolve("keys").toAbsolutePath().normalize();
    }
}
