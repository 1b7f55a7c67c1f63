package dev.lakehouse.api;

import static dev.lakehouse.lake.TestLake.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import dev.lakehouse.lake.TestLake;
import dev.lakehouse.lake.TestLakeConfig;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;

/**
 * A lake whose data lives in an S3-protocol store (the stack's S3Mock), read through pass-through catalog
 * properties: Iceberg's S3FileIO on the app's own AWS SDK and JDK HTTP client, as on AWS with another endpoint.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
@QuarkusTestResource(LocalStackResource.class)
class S3LakeTest {

    @Test
    void readsTablesWhoseFilesAreInS3() throws Exception {
        Path catalogDir = LocalStackResource.PROJECT.resolve("target/s3-lake-test");
        Map<String, String> s3 = Map.of(
                "warehouse", "s3://" + LocalStackResource.S3_BUCKET + "/warehouse-" + UUID.randomUUID(),
                "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "s3.endpoint", LocalStackResource.S3_ENDPOINT,
                "s3.path-style-access", "true",
                "s3.access-key-id", "test",
                "s3.secret-access-key", "test",
                "client.region", "us-east-1",
                "http-client.type", "urlconnection");
        try (TestLake writer = TestLake.create(catalogDir, s3)) {
            writer.table("gold.revenue_per_minute", TestLake.REVENUE, "minute");
            writer.append(
                    "gold.revenue_per_minute",
                    List.of(row(
                            "minute",
                            Instant.parse("2026-11-20T10:00:00Z"),
                            "currency",
                            "EUR",
                            "revenue",
                            new BigDecimal("12.34"),
                            "orders",
                            1L)));
        }
        Map<String, String> props = new HashMap<>(s3);
        props.remove("warehouse");
        LakeCatalog lake = new LakeCatalog(TestLakeConfig.of(
                catalogDir, "jdbc", CatalogSettings.embeddedUri(catalogDir), s3.get("warehouse"), props));
        var table = lake.load(TableIdentifier.of("gold", "revenue_per_minute")).orElseThrow();
        assertThat(table.location()).startsWith("s3://");
        assertThat(TableRows.read(table, Expressions.alwaysTrue()))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .containsEntry("revenue", new BigDecimal("12.34"))
                        .containsEntry("currency", "EUR"));
    }
}
