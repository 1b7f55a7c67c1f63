package dev.lakehouse.contracts.privacy;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Wraps data keys with AWS KMS (production): Encrypt and Decrypt of the 32-byte data key under one KMS key, with
 * the subject as encryption context ({@value #SUBJECT_CONTEXT}), so a wrapped key copied to another subject does
 * not unwrap, and CloudTrail names the subject of every Decrypt. The KMS key never leaves KMS; only Encrypt and
 * Decrypt are used (no GenerateDataKey: {@link DataKeys} makes its own keys), which is what the IAM policies of
 * deploy/terraform grant.
 *
 * <p>The client is the SDK's default: region and credentials from the default chains (on EKS: {@code AWS_REGION}
 * and the pod's IRSA role), the HTTP client found on the classpath (the app's, or the Apache client inside Spark's
 * iceberg-aws-bundle), and the endpoint from {@code AWS_ENDPOINT_URL_KMS} / {@code -Daws.endpointUrlKms} when a
 * local KMS stands in (the tests' local-kms).
 */
public final class KmsKeyWrapper implements KeyWrapper {

    /** The encryption context key that binds a wrapped key to its subject. */
    public static final String SUBJECT_CONTEXT = "lakehouse:subject";

    private final KmsClient kms;
    private final String keyId;

    KmsKeyWrapper(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    /** A wrapper under the KMS key {@code keyId} (an ARN, key id or alias, as {@code lakehouse.pii.kms-key-id}). */
    public static KmsKeyWrapper of(String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException(SubjectKeySettings.KMS_KEY_ID + " is empty: name the KMS key that "
                    + "wraps the data subjects' keys (terraform output subject_keys_kms_key_arn)");
        }
        return new KmsKeyWrapper(KmsClient.create(), keyId);
    }

    @Override
    public byte[] wrap(String subject, byte[] dataKey) {
        return kms.encrypt(r -> r.keyId(keyId)
                        .plaintext(SdkBytes.fromByteArray(dataKey))
                        .encryptionContext(context(subject)))
                .ciphertextBlob()
                .asByteArray();
    }

    @Override
    public byte[] unwrap(String subject, byte[] wrapped) {
        try {
            // The key id is given although the ciphertext names its key: KMS then refuses a blob of any other key.
            return kms.decrypt(r -> r.keyId(keyId)
                            .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                            .encryptionContext(context(subject)))
                    .plaintext()
                    .asByteArray();
        } catch (InvalidCiphertextException | IncorrectKeyException e) {
            throw new IllegalStateException(
                    "the data key of one subject does not unwrap with the KMS key " + keyId
                            + ": it was wrapped for another subject or under another key",
                    e);
        }
    }

    @Override
    public String describe() {
        return "AWS KMS key " + keyId;
    }

    private static Map<String, String> context(String subject) {
        return Map.of(SUBJECT_CONTEXT, subject);
    }
}
