package dev.lakehouse.privacy;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * lakehouse.pii.*: where the data subjects' keys are (the names are {@link
 * dev.lakehouse.contracts.privacy.SubjectKeySettings}'s, which spark-jobs reads too). The generator seals personal
 * fields with them; docs/privacy.md.
 */
@ConfigMapping(prefix = "lakehouse.pii")
public interface PrivacyConfig {

    /** A folder (embedded setup: the launcher passes one outside the data folder) or s3://bucket/prefix. */
    Optional<String> subjectKeys();

    /** The AWS KMS key that wraps the data keys; unset: a local master key in the folder. */
    Optional<String> kmsKeyId();
}
