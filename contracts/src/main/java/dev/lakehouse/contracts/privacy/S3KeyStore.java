package dev.lakehouse.contracts.privacy;

import java.util.Optional;

/** Wrapped data keys under an S3 prefix (production). TODO(helper): implement with the AWS SDK S3 client. */
public final class S3KeyStore implements WrappedKeyStore {

    private S3KeyStore() {}

    public static S3KeyStore at(String location) {
        throw new UnsupportedOperationException("S3 key store not built yet: " + location);
    }

    @Override
    public Optional<byte[]> read(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrapped) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String subject) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
        return "s3";
    }
}
