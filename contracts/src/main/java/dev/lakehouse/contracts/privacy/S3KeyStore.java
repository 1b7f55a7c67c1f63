package dev.lakehouse.contracts.privacy;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Wrapped data keys under an S3 prefix (production): one object per subject, {@code <prefix>/<sha-256 of the
 * subject>.dek} (the subject itself never becomes a key name), written only if absent with a conditional put
 * ({@code If-None-Match: *}), so concurrent writers agree on one key: the loser gets 412 and reads the winner's.
 * AWS S3 and S3Mock 4.x honour that header; a store that ignores it (S3Mock 3.x, the local stack's choice on Java 17)
 * lets the last of two simultaneous first writers win, which only the race of a subject's very first values can hit
 * ({@link DataKeys} reads before it writes).
 *
 * <p><b>The bucket must not keep versions</b> (versioning never enabled, or noncurrent versions expiring within a
 * day): {@link #delete} is a DeleteObject, and in a versioned bucket that only adds a delete marker, leaving the
 * wrapped key readable, and every value sealed with it recoverable, by anyone who may read old versions. The
 * Terraform bucket (deploy/terraform/modules/subject-keys) is made that way; docs/security.md says why.
 *
 * <p>The client is the SDK's default (region, credentials and HTTP client as in {@link KmsKeyWrapper}). A local
 * S3 server is named with the SDK's own {@code AWS_ENDPOINT_URL_S3} (or {@code AWS_ENDPOINT_URL}, or the system
 * properties {@code aws.endpointUrlS3} / {@code aws.endpointUrl}); the bucket is then addressed by path, since a
 * local server has no per-bucket host names. On AWS (no endpoint set) it is addressed by virtual host as usual.
 */
public final class S3KeyStore implements WrappedKeyStore {

    private static final int ATTEMPTS = 3;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3KeyStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The store at {@code s3://bucket/prefix} ({@code lakehouse.pii.subject-keys}). */
    public static S3KeyStore at(String location) {
        URI uri = URI.create(location);
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    SubjectKeySettings.LOCATION + " = " + location + " is not an s3://bucket/prefix location");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        S3Client s3 = S3Client.builder().forcePathStyle(endpointOverridden()).build();
        return new S3KeyStore(s3, uri.getHost(), path);
    }

    @Override
    public Optional<byte[]> read(String subject) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(subject))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", e);
        }
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrapped) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(
                        r -> r.bucket(bucket)
                                .key(key(subject))
                                .ifNoneMatch("*")
                                .contentType("application/octet-stream"),
                        RequestBody.fromBytes(wrapped));
                return wrapped;
            } catch (S3Exception e) {
                // 412: another writer's key is there. 409: a concurrent conditional write to the same key was in
                // flight (S3 asks the caller to retry); the next attempt reads the winner or writes again.
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw failure("write", e);
                }
                Optional<byte[]> stored = read(subject);
                if (stored.isPresent()) {
                    return stored.get();
                }
                if (attempt >= ATTEMPTS) {
                    throw failure("write", e);
                }
            }
        }
    }

    /**
     * Deletes the subject's key. S3 answers a delete alike whether or not the object existed, so a HEAD first
     * tells which (a concurrent delete between the two only changes which caller is told true).
     */
    @Override
    public boolean delete(String subject) {
        String key = key(subject);
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("delete", e);
        }
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            throw failure("delete", e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    String key(String subject) {
        return prefix + DirectoryKeyStore.digest(subject) + ".dek";
    }

    private IllegalStateException failure(String what, S3Exception e) {
        return new IllegalStateException(
                "cannot " + what + " a data key in " + describe() + " (HTTP " + e.statusCode() + ": " + e.getMessage()
                        + ")",
                e);
    }

    /** Whether the SDK is pointed at another S3 endpoint than AWS's, by the settings it reads itself. */
    static boolean endpointOverridden() {
        for (String property : new String[] {"aws.endpointUrlS3", "aws.endpointUrl"}) {
            if (!System.getProperty(property, "").isBlank()) {
                return true;
            }
        }
        for (String variable : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }
}
