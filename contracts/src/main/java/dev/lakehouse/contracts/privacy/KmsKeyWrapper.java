package dev.lakehouse.contracts.privacy;

/** Wraps data keys with AWS KMS (production). TODO(helper): implement with the AWS SDK KMS client. */
public final class KmsKeyWrapper implements KeyWrapper {

    private KmsKeyWrapper() {}

    public static KmsKeyWrapper of(String keyId) {
        throw new UnsupportedOperationException("KMS wrapper not built yet: " + keyId);
    }

    @Override
    public byte[] wrap(String subject, byte[] dataKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] unwrap(String subject, byte[] wrapped) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
        return "kms";
    }
}
