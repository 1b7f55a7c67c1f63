package dev.lakehouse.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.ShopDays;
import dev.lakehouse.spark.support.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The warehouse on an S3 server through Iceberg's S3FileIO (as on AWS, with path-style access for the local
 * server): the pipeline lands known input exactly once, and every data and metadata file Iceberg references is an
 * object in the bucket. Checkpoints stay on local disk, which is why the catalog's FileIO is ResolvingFileIO: it
 * hands s3:// paths to S3FileIO and file: paths to HadoopFileIO, and Iceberg's streaming source (gold reading
 * silver) writes its initial offset into the checkpoint with the table's FileIO.
 */
@ExtendWith(LocalStack.class)
class S3WarehouseTest {
    private static final String ACCESS_KEY = "local";
    private static final String SECRET_KEY = "local";

    @TempDir
    Path dir;

    @Test
    void thePipelineWritesItsTablesToS3() {
        String prefixInBucket = "warehouse-" + UUID.randomUUID();
        String warehouse = "s3://" + LocalStack.S3_BUCKET + "/" + prefixInBucket;
        String prefix = Topics.createFresh("s3", 2);
        List<TestEvent> sent = ShopDays.send(prefix, 41);
        Lakehouse lake = new Lakehouse(
                dir,
                prefix,
                Map.of(
                        LakehouseConfig.CATALOG_WAREHOUSE,
                        warehouse,
                        "lakehouse.catalog.prop.io-impl",
                        "org.apache.iceberg.io.ResolvingFileIO",
                        "lakehouse.catalog.prop.s3.endpoint",
                        LocalStack.S3_ENDPOINT,
                        "lakehouse.catalog.prop.s3.path-style-access",
                        "true",
                        "lakehouse.catalog.prop.client.region",
                        "us-east-1",
                        "lakehouse.catalog.prop.s3.access-key-id",
                        ACCESS_KEY,
                        "lakehouse.catalog.prop.s3.secret-access-key",
                        SECRET_KEY));

        lake.runToCompletion();

        ShopDays.assertEachEventExactlyOnce(lake, sent);
        Set<String> objects = objectKeys(prefixInBucket);
        for (TableSpec t : LakeTables.all()) {
            List<String> files = lake.strings("SELECT file_path FROM lake." + t.name() + ".files");
            List<String> metadata = lake.strings("SELECT file FROM lake." + t.name() + ".metadata_log_entries");
            for (String f : concat(files, metadata)) {
                assertThat(f)
                        .as("%s references files in the bucket only", t.name())
                        .startsWith(warehouse + "/");
                assertThat(objects)
                        .as("%s: the S3 server holds %s", t.name(), f)
                        .contains(URI.create(f).getPath().substring(1));
            }
        }
        long parquetObjects =
                objects.stream().filter(k -> k.endsWith(".parquet")).count();
        long referenced = LakeTables.all().stream()
                .mapToLong(t -> lake.spark
                        .sql("SELECT count(*) FROM lake." + t.name() + ".files")
                        .first()
                        .getLong(0))
                .sum();
        assertThat(referenced).as("bronze, silver and gold wrote data files").isGreaterThan(0);
        assertThat(parquetObjects).as("data files in the bucket").isGreaterThanOrEqualTo(referenced);
        assertThat(dir.resolve("warehouse")).as("no table file on local disk").doesNotExist();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static Set<String> objectKeys(String prefixInBucket) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(LocalStack.S3_ENDPOINT))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            Set<String> keys = new HashSet<>();
            s3
                    .listObjectsV2Paginator(ListObjectsV2Request.builder()
                            .bucket(LocalStack.S3_BUCKET)
                            .prefix(prefixInBucket + "/")
                            .build())
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .forEach(keys::add);
            return keys;
        }
    }
}
