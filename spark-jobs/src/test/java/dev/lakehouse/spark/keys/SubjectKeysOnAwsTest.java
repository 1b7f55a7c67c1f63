package dev.lakehouse.spark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.spark.support.LocalKms;
import dev.lakehouse.spark.support.LocalStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The data subjects' keys on S3 wrapped by KMS, opened on Spark's classpath: the AWS SDK of iceberg-aws-bundle,
 * whose only HTTP client is Apache's (the app's build has the JDK's URL connection client too), against the test
 * stack's S3 server and local-kms. The full behaviour is AwsDataKeysTest's (app build); this proves the clients
 * are built and work here. Skipped, saying so, only where local-kms is not installed.
 */
@ExtendWith(LocalStack.class)
class SubjectKeysOnAwsTest {

    @TempDir
    Path dir;

    @Test
    void sealsOpensAndShredsOnSparksClasspath() throws Exception {
        assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient"))
                .as("Spark's classpath has no URL connection client: the SDK must find the Apache one")
                .isInstanceOf(ClassNotFoundException.class);
        Optional<Path> binary = LocalKms.binary();
        Assumptions.assumeTrue(binary.isPresent(), LocalKms.missing());
        Map<String, String> saved = new HashMap<>();
        try (LocalKms kms = LocalKms.start(binary.get(), dir.resolve("kms"))) {
            String keyArn = kms.createKey("lakehouse data subjects' keys (spark-jobs test)");
            Map.of(
                            "aws.endpointUrlS3",
                            LocalStack.S3_ENDPOINT,
                            "aws.endpointUrlKms",
                            kms.endpoint(),
                            "aws.region",
                            LocalKms.REGION,
                            "aws.accessKeyId",
                            "local",
                            "aws.secretAccessKey",
                            "local")
                    .forEach((k, v) -> {
                        saved.put(k, System.getProperty(k));
                        System.setProperty(k, v);
                    });
            String location = "s3://" + LocalStack.S3_BUCKET + "/keys/subjects";
            DataKeys keys = DataKeys.open(new SubjectKeySettings(location, keyArn, Duration.ofMillis(100)));
            String subject = "c-" + UUID.randomUUID();
            String sealed = SealedValues.seal(subject, keys.forSealing(subject), "Lovelace");
            assertThat(keys.open(sealed)).contains("Lovelace");
            try (S3Client s3 = S3Client.builder()
                    .endpointOverride(URI.create(LocalStack.S3_ENDPOINT))
                    .forcePathStyle(true)
                    .region(Region.of(LocalKms.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build()) {
                assertThat(s3.listObjectsV2(r -> r.bucket(LocalStack.S3_BUCKET).prefix("keys/subjects/"))
                                .contents())
                        .as("one object per subject, named by a digest")
                        .anySatisfy(o -> assertThat(o.key()).endsWith(".dek"))
                        .noneSatisfy(o -> assertThat(o.key()).contains(subject));
            }
            assertThat(keys.shred(subject)).isTrue();
            Thread.sleep(150);
            assertThat(DataKeys.open(new SubjectKeySettings(location, keyArn, Duration.ofMillis(100)))
                            .open(sealed))
                    .isEmpty();
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
