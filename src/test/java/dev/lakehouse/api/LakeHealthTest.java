package dev.lakehouse.api;

import static dev.lakehouse.lake.TestLake.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TestLake;
import dev.lakehouse.lake.TestLakeConfig;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** Lake health reads every table on its own: one unreadable table is reported, the others still are. */
class LakeHealthTest {

    private static final Path DIR = Path.of(System.getProperty("project.dir", System.getProperty("user.dir")))
            .resolve("target/lake-health-test");

    @Test
    void aTableWhoseMetadataIsLostIsReportedAndTheOthersStillAre() throws Exception {
        TestLake.deleteRecursively(DIR);
        try (TestLake writer = TestLake.create(DIR)) {
            writer.table("gold.revenue_per_minute", TestLake.REVENUE, "minute");
            writer.append(
                    "gold.revenue_per_minute",
                    List.of(row(
                            "minute",
                            Instant.parse("2026-11-20T10:00:00Z"),
                            "currency",
                            "EUR",
                            "revenue",
                            new BigDecimal("1.00"),
                            "orders",
                            1L)));
            Table lost = writer.table("gold.orders_lost", TestLake.REVENUE, "minute");
            Files.delete(Path.of(java.net.URI.create(((org.apache.iceberg.HasTableOperations) lost)
                    .operations()
                    .current()
                    .metadataFileLocation())));
        }

        LakeHealth health = new LakeHealth(new LakeCatalog(TestLakeConfig.of(DIR, "embedded", null, null, Map.of())));
        List<LakeHealth.TableHealth> tables = health.tables().tables();

        assertThat(tables)
                .extracting(LakeHealth.TableHealth::table)
                .containsExactlyInAnyOrder("gold.revenue_per_minute", "gold.orders_lost");
        LakeHealth.TableHealth readable = tables.stream()
                .filter(t -> t.table().equals("gold.revenue_per_minute"))
                .findFirst()
                .orElseThrow();
        assertThat(readable.rows()).isEqualTo(1);
        assertThat(readable.error()).isNull();
        LakeHealth.TableHealth unreadable = tables.stream()
                .filter(t -> t.table().equals("gold.orders_lost"))
                .findFirst()
                .orElseThrow();
        assertThat(unreadable.error())
                .as("a reason for the operator, without the file's path")
                .contains("cannot be read")
                .doesNotContain(DIR.toString());
        assertThat(unreadable.lastCommit()).isNull();
    }
}
