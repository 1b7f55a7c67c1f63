package dev.lakehouse.contracts.privacy;

/**
 * Encrypts data keys under a key-encryption key that never leaves its keeper: a local master key in the embedded
 * setup ({@link LocalMasterKey}), AWS KMS in production ({@link KmsKeyWrapper}). The subject is bound to each wrapped
 * key (associated data, KMS encryption context), so a wrapped key copied to another subject does not unwrap.
 */
public interface KeyWrapper {

    byte[] wrap(String subject, byte[] dataKey);

    byte[] unwrap(String subject, byte[] wrapped);

    /** Where the key-encryption key is, for messages and {@code keys status}. */
    String describe();
}
