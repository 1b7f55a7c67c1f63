package dev.lakehouse.contracts.privacy;

import java.util.Optional;

/**
 * Where the wrapped data keys live, one per data subject, apart from the data they protect: a folder on the
 * embedded setup ({@link DirectoryKeyStore}), an S3 prefix in production ({@link S3KeyStore}). Deleting a subject's
 * entry is the erasure of every value sealed for it, so no store may keep old versions (docs/privacy.md).
 */
public interface WrappedKeyStore {

    Optional<byte[]> read(String subject);

    /**
     * Stores the wrapped key unless one is already there; returns the one that is stored afterwards (another writer's
     * when it came first), so two writers never seal one subject's values under two keys.
     */
    byte[] putIfAbsent(String subject, byte[] wrapped);

    /** Deletes the subject's key; false when there was none. */
    boolean delete(String subject);

    String describe();
}
