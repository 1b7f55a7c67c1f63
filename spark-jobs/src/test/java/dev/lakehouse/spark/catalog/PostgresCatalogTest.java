package dev.lakehouse.spark.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import dev.lakehouse.spark.support.Lakehouse;
import dev.lakehouse.spark.support.LocalStack;
import dev.lakehouse.spark.support.ShopDays;
import dev.lakehouse.spark.support.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse.catalog.type=jdbc} (the RDS set-up) against a real PostgreSQL server: the pipeline lands
 * known input exactly once, and the catalog rows really live in PostgreSQL, pointing at the current metadata.
 */
@ExtendWith(LocalStack.class)
class PostgresCatalogTest {
    @TempDir
    Path dir;

    @Test
    void thePipelineRunsOnAPostgresCatalog() throws Exception {
        // A database per run: the stack's data outlives a test run, the temp warehouse does not. (Not a schema per
        // run: Iceberg's JDBC catalog takes iceberg_tables in any schema as its own and would not create it.)
        String database = "lake_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect(LocalStack.POSTGRES_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String url = LocalStack.POSTGRES_URL.substring(0, LocalStack.POSTGRES_URL.lastIndexOf('/') + 1) + database;
        String prefix = Topics.createFresh("pg", 2);
        List<TestEvent> sent = ShopDays.send(prefix, 31);
        Lakehouse lake = new Lakehouse(
                dir,
                prefix,
                Map.of(
                        LakehouseConfig.CATALOG_TYPE,
                        "jdbc",
                        LakehouseConfig.CATALOG_URI,
                        url,
                        LakehouseConfig.CATALOG_USER,
                        LocalStack.POSTGRES_USER,
                        LakehouseConfig.CATALOG_PASSWORD,
                        LocalStack.POSTGRES_PASSWORD,
                        LakehouseConfig.CATALOG_WAREHOUSE,
                        dir.resolve("warehouse").toUri().toString()));

        lake.runToCompletion();

        ShopDays.assertEachEventExactlyOnce(lake, sent);
        Map<String, String> metadata = new TreeMap<>();
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT table_namespace, table_name, metadata_location FROM iceberg_tables "
                                + "WHERE catalog_name = '" + CatalogSettings.CATALOG_NAME + "'")) {
            while (r.next()) {
                metadata.put(r.getString(1) + "." + r.getString(2), r.getString(3));
            }
        }
        assertThat(metadata.keySet())
                .as("every lake table is registered in PostgreSQL")
                .isEqualTo(new TreeSet<>(
                        LakeTables.all().stream().map(TableSpec::name).toList()));
        String bronzeCurrent = lake.strings("SELECT file FROM lake." + LakeTables.BRONZE_EVENTS
                        + ".metadata_log_entries ORDER BY timestamp DESC LIMIT 1")
                .get(0);
        assertThat(metadata.get(LakeTables.BRONZE_EVENTS))
                .as("the catalog row points at bronze's current metadata")
                .isEqualTo(bronzeCurrent);
        assertThat(Files.exists(Path.of(java.net.URI.create(bronzeCurrent)))).isTrue();
        assertThat(dir.resolve("catalog.db"))
                .as("no embedded catalog was created")
                .doesNotExist();
    }

    private static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, LocalStack.POSTGRES_USER, LocalStack.POSTGRES_PASSWORD);
    }
}
