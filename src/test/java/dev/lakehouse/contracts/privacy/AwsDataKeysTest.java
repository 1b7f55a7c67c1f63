package dev.lakehouse.contracts.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testing.LocalKms;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The production key setup against real servers: wrapped keys in the test stack's S3 server (S3Mock), wrapped by
 * a key of local-kms (a real implementation of the KMS API), both reached by the SDK's default clients through the
 * SDK's own endpoint settings, exactly as {@code lakehouse.pii.subject-keys=s3://...} and
 * {@code lakehouse.pii.kms-key-id=<arn>} open them in the generator and in Spark. Skipped, saying so, only where
 * local-kms is not installed. A Quarkus test only to share the suite's stack (and its S3 server).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AwsDataKeysTest {

    private static final String LOCATION = "s3://" + LocalStackResource.S3_BUCKET + "/keys/subjects";
    /** What the SDK reads from the environment on a real deployment, set here as its system-property spelling. */
    private static final Map<String, String> SDK_SETTINGS = new HashMap<>();

    private static final Map<String, String> SAVED = new HashMap<>();
    private static LocalKms kms;
    private static String keyArn;

    @BeforeAll
    static void startKms() throws Exception {
        Optional<Path> binary = LocalKms.binary();
        Assumptions.assumeTrue(binary.isPresent(), LocalKms.missing());
        kms = LocalKms.start(binary.get(), LocalStackResource.PROJECT.resolve("target/test-local-kms"));
        keyArn = kms.createKey("lakehouse data subjects' keys (test)");
        SDK_SETTINGS.putAll(Map.of(
                "aws.endpointUrlS3",
                LocalStackResource.S3_ENDPOINT,
                "aws.endpointUrlKms",
                kms.endpoint(),
                "aws.region",
                LocalKms.REGION,
                "aws.accessKeyId",
                "local",
                "aws.secretAccessKey",
                "local"));
        SDK_SETTINGS.forEach((k, v) -> {
            SAVED.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
    }

    @AfterAll
    static void stopKms() throws Exception {
        SAVED.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        if (kms != null) {
            kms.close();
        }
    }

    private static DataKeys keys(Duration ttl) {
        return DataKeys.open(new SubjectKeySettings(LOCATION, keyArn, ttl));
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(LocalStackResource.S3_ENDPOINT))
                .forcePathStyle(true)
                .region(Region.of(LocalKms.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Whether the server refuses a second conditional put of one key, as AWS S3 does (412). */
    private static boolean honoursIfNoneMatch() {
        String key = "keys/probe-" + UUID.randomUUID();
        try (S3Client s3 = s3()) {
            for (int i = 0; i < 2; i++) {
                try {
                    s3.putObject(
                            r -> r.bucket(LocalStackResource.S3_BUCKET).key(key).ifNoneMatch("*"),
                            RequestBody.fromString("probe"));
                } catch (S3Exception e) {
                    return e.statusCode() == 412;
                } finally {
                    if (i == 1) {
                        s3.deleteObject(
                                r -> r.bucket(LocalStackResource.S3_BUCKET).key(key));
                    }
                }
            }
        }
        return false;
    }

    private static String objectKey(String subject) {
        return "keys/subjects/" + DirectoryKeyStore.digest(subject) + ".dek";
    }

    @Test
    void sealsOpensAndShredsWithKeysInS3WrappedByKms() throws Exception {
        String subject = "c-" + UUID.randomUUID();
        DataKeys writer = keys(Duration.ofSeconds(30));
        assertThat(writer.describe()).contains(LOCATION, keyArn);
        byte[] key = writer.forSealing(subject);
        String sealed = SealedValues.seal(subject, key, "ada@example.com");
        DataKeys reader = keys(Duration.ofMillis(200));
        assertThat(reader.open(sealed)).contains("ada@example.com");
        assertThat(keys(Duration.ofSeconds(30)).forSealing(subject))
                .as("a second process gets the stored key, not a new one")
                .isEqualTo(key);

        try (S3Client s3 = s3()) {
            byte[] stored = s3.getObjectAsBytes(
                            r -> r.bucket(LocalStackResource.S3_BUCKET).key(objectKey(subject)))
                    .asByteArray();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                    .as("the object holds the key wrapped by KMS, never the key itself")
                    .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));

            assertThat(writer.shred(subject)).isTrue();
            assertThatThrownBy(() -> s3.headObject(
                            r -> r.bucket(LocalStackResource.S3_BUCKET).key(objectKey(subject))))
                    .as("the wrapped key is gone from the bucket")
                    .isInstanceOf(NoSuchKeyException.class);
        }
        assertThat(writer.open(sealed)).isEmpty();
        Thread.sleep(300);
        assertThat(reader.open(sealed))
                .as("another process, once its cache expired")
                .isEmpty();
        assertThat(keys(Duration.ofSeconds(30)).open(sealed)).isEmpty();
        assertThat(writer.shred(subject)).as("nothing left to shred").isFalse();
    }

    @Test
    void aWrappedKeyCopiedToAnotherSubjectDoesNotUnwrap() {
        String victim = "c-" + UUID.randomUUID();
        String thief = "c-" + UUID.randomUUID();
        keys(Duration.ofSeconds(30)).forSealing(victim);
        try (S3Client s3 = s3()) {
            s3.copyObject(r -> r.sourceBucket(LocalStackResource.S3_BUCKET)
                    .sourceKey(objectKey(victim))
                    .destinationBucket(LocalStackResource.S3_BUCKET)
                    .destinationKey(objectKey(thief)));
        }
        assertThatThrownBy(() -> keys(Duration.ofSeconds(30)).forOpening(thief))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not unwrap")
                .hasMessageContaining(keyArn);
        String otherKey = kms.createKey("another key");
        byte[] wrapped = S3KeyStore.at(LOCATION).read(victim).orElseThrow();
        assertThatThrownBy(() -> KmsKeyWrapper.of(otherKey).unwrap(victim, wrapped))
                .as("nor under another KMS key")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not unwrap");
        assertThat(KmsKeyWrapper.of(keyArn).unwrap(victim, wrapped)).hasSize(32);
    }

    @Test
    void theFirstWriterOfASubjectsKeyWinsAndLaterWritersGetItsKey() {
        Assumptions.assumeTrue(
                honoursIfNoneMatch(),
                "this S3 server ignores If-None-Match (S3Mock 3.x, the stack's choice on Java 17): AWS S3 and "
                        + "S3Mock 4.x (Java 21+) honour it");
        S3KeyStore store = S3KeyStore.at(LOCATION);
        String subject = "c-" + UUID.randomUUID();
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        assertThat(store.read(subject)).isEmpty();
        assertThat(store.putIfAbsent(subject, first)).isEqualTo(first);
        assertThat(store.putIfAbsent(subject, second))
                .as("the conditional put keeps the stored key")
                .isEqualTo(first);
        assertThat(store.read(subject)).contains(first);
        assertThat(store.delete(subject)).isTrue();
        assertThat(store.delete(subject)).isFalse();
        assertThatThrownBy(() -> S3KeyStore.at("lakehouse/keys")).hasMessageContaining("s3://bucket/prefix");
    }
}
