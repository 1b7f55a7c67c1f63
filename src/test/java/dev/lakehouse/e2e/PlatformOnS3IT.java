package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.generator.ledger.LedgerEntry;
import dev.lakehouse.generator.ledger.LedgerReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS code path end to end: {@code ./lakehouse run --lake s3} puts the warehouse in the S3 server's bucket,
 * the Spark streams write and the API reads through Iceberg's S3FileIO. A smaller workload than
 * {@link PlatformEndToEndIT}; silver must still hold exactly the ledger's valid events.
 */
class PlatformOnS3IT {

    private static final PlatformRun RUN = new PlatformRun("e2e-s3", 800);
    private static List<LedgerEntry> ledger;
    private static LakeReader lake;

    @BeforeAll
    static void runThePlatformOnS3() throws Exception {
        RUN.start("e2e-small", "--lake", "s3");
        RUN.awaitGeneratorFinished();
        ledger = LedgerReader.entries(RUN.dir.resolve("ledger/run-11"));
        lake = LakeReader.onS3(RUN.dir.resolve("lake"), RUN.s3());
        RUN.awaitCount(
                () -> PlatformEndToEndIT.silverAndLateIds(lake).size(),
                PlatformEndToEndIT.genuineIds(ledger).size());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (RUN.isRunning()) {
            assertThat(RUN.stop()).as("exit code after SIGTERM").isZero();
        }
    }

    @Test
    void theStreamsWriteAndTheApiReadsTheLakeInS3() throws Exception {
        for (String domain : PlatformEndToEndIT.DOMAINS) {
            PlatformEndToEndIT.assertSilverHoldsTheLedgersEvents(lake, ledger, domain);
        }
        assertThat(lake.dataFileLocations("silver.orders"))
                .as("silver.orders data files")
                .isNotEmpty()
                .allMatch(location -> location.startsWith("s3://lakehouse/warehouse/"));

        RUN.await(
                "the API to see silver",
                Duration.ofMinutes(1),
                () -> rowsByTable().get("silver.clickstream") > 0);
        Map<String, Long> apiRows = rowsByTable();
        for (String table : List.of("bronze.events", "silver.clickstream", "silver.orders")) {
            assertThat(apiRows.get(table))
                    .as("rows of %s the API reads through S3FileIO", table)
                    .isEqualTo(lake.rows(table).size());
        }
    }

    private static Map<String, Long> rowsByTable() throws Exception {
        JsonNode health = new ObjectMapper().readTree(RUN.get("/api/lake/tables"));
        Map<String, Long> rows = new TreeMap<>();
        health.get("tables")
                .forEach(t -> rows.put(t.get("table").asText(), t.get("rows").asLong()));
        return rows;
    }
}
