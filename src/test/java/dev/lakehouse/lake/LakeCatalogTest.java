package dev.lakehouse.lake;

import static dev.lakehouse.lake.TestLake.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;

/** Opening the lake: an empty lake before the streams start, clear errors for wrong settings, no stale reads. */
class LakeCatalogTest {

    private static final Path ROOT = Path.of(System.getProperty("project.dir", System.getProperty("user.dir")))
            .resolve("target/lake-catalog-test");
    private static final TableIdentifier REVENUE = TableIdentifier.of("gold", "revenue_per_minute");

    @Test
    void aLakeWithoutACatalogFileIsEmptyUntilTheStreamsCreateIt() throws Exception {
        Path dir = ROOT.resolve("appears-later");
        TestLake.deleteRecursively(dir);
        LakeCatalog lake = new LakeCatalog(config(dir, "embedded", null, Map.of()));
        assertThat(lake.openAtStartup()).isFalse();
        assertThat(lake.tables()).isEmpty();
        assertThat(lake.load(REVENUE)).isEmpty();
        assertThat(Files.exists(dir)).as("a reader creates nothing").isFalse();

        try (TestLake writer = TestLake.create(dir)) {
            writer.table("gold.revenue_per_minute", TestLake.REVENUE, "minute");
            assertThat(lake.tables()).containsExactly(REVENUE);
            assertThat(TableRows.read(lake.load(REVENUE).orElseThrow(), Expressions.alwaysTrue()))
                    .isEmpty();
        }
    }

    @Test
    void everyReadSeesTheLatestCommitOfAnotherWriter() throws Exception {
        Path dir = ROOT.resolve("two-writers");
        try (TestLake writer = TestLake.create(dir)) {
            writer.table("gold.revenue_per_minute", TestLake.REVENUE, "minute");
            LakeCatalog lake = new LakeCatalog(config(dir, "embedded", null, Map.of()));
            assertThat(lake.openAtStartup()).isTrue();
            for (int i = 1; i <= 3; i++) {
                writer.append(
                        "gold.revenue_per_minute",
                        List.of(row(
                                "minute",
                                Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * i),
                                "currency",
                                "EUR",
                                "revenue",
                                new BigDecimal("1.00"),
                                "orders",
                                1L)));
                assertThat(TableRows.read(lake.load(REVENUE).orElseThrow(), Expressions.alwaysTrue()))
                        .hasSize(i);
                assertThat(TableRows.newest(lake.load(REVENUE).orElseThrow(), "minute"))
                        .contains(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * i));
            }
        }
    }

    @Test
    void anUnreadableCatalogStopsTheStartNamingTheProperty() throws Exception {
        Path dir = ROOT.resolve("not-a-database");
        TestLake.deleteRecursively(dir);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("catalog.db"), "this is not a SQLite file, but it is quite long enough to be read as one");
        assertThatThrownBy(() -> new LakeCatalog(config(dir, "embedded", null, Map.of())).openAtStartup())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lakehouse.data-dir")
                .hasMessageContaining(dir.resolve("catalog.db").toString());

        assertThatThrownBy(() -> new LakeCatalog(TestLakeConfig.of(
                                dir,
                                "jdbc",
                                "jdbc:postgresql://127.0.0.1:1/lake",
                                "s3://lake/warehouse",
                                Map.of("jdbc.password", "secret")))
                        .openAtStartup())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lakehouse.catalog.*")
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/lake")
                .hasMessageNotContaining("secret");

        assertThatThrownBy(() -> new LakeCatalog(config(dir, "jdbc", "jdbc:postgresql://127.0.0.1:1/lake", Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lakehouse.catalog.warehouse");
        assertThatThrownBy(() -> new LakeCatalog(config(dir, "postgres", null, Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lakehouse.catalog.type 'postgres'");
    }

    @Test
    void passThroughPropertiesWinAndS3FileIoUsesTheJdkHttpClient() {
        ReaderCatalogProperties settings = ReaderCatalogProperties.of(config(
                Path.of("/data"),
                "embedded",
                null,
                Map.of(
                        "io-impl",
                        "org.apache.iceberg.aws.s3.S3FileIO",
                        "s3.endpoint",
                        "http://127.0.0.1:9090",
                        "s3.path-style-access",
                        "true",
                        "cache-enabled",
                        "true")));
        assertThat(settings.properties())
                .containsEntry("uri", "jdbc:sqlite:/data/catalog.db?journal_mode=WAL&busy_timeout=30000")
                .containsEntry("warehouse", "file:///data/warehouse")
                .containsEntry("jdbc.schema-version", "V1")
                .containsEntry("http-client.type", "urlconnection")
                .containsEntry("s3.endpoint", "http://127.0.0.1:9090")
                .containsEntry("cache-enabled", "true");
        assertThat(settings.embeddedFile()).contains(Path.of("/data/catalog.db"));

        ReaderCatalogProperties glue = ReaderCatalogProperties.of(
                TestLakeConfig.of(Path.of("/data"), "glue", null, "s3://lake/warehouse", Map.of()));
        assertThat(glue.embeddedFile()).isEmpty();
        assertThat(glue.properties())
                .containsEntry("catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
                .containsEntry("warehouse", "s3://lake/warehouse")
                .doesNotContainKey("uri");
    }

    private static LakeConfig config(Path dataDir, String type, String uri, Map<String, String> props) {
        return TestLakeConfig.of(dataDir, type, uri, null, props);
    }
}
