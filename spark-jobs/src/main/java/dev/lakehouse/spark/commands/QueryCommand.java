package dev.lakehouse.spark.commands;

import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.streaming.SparkSessions;
import dev.lakehouse.spark.timetravel.SparkTimeTravel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code query} sub-command. Examples:
 * <pre>
 *   query --table gold.revenue_per_minute --snapshots
 *   query --table silver.orders --as-of 2026-11-25T17:00:00Z --where "currency = 'EUR'"
 *   query --table silver.orders --snapshot 4242424242 --count
 * </pre>
 */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Time travel: what did a table say at time T (or snapshot S); list its snapshots.")
public final class QueryCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--table", required = true, description = "e.g. silver.orders or lake.gold.funnel_5m")
    String table;

    @Option(names = "--as-of", paramLabel = "ISO-INSTANT", description = "e.g. 2026-11-25T17:00:00Z")
    String asOf;

    @Option(names = "--snapshot", paramLabel = "ID", description = "a snapshot id from --snapshots")
    Long snapshot;

    @Option(names = "--snapshots", description = "list the table's retained snapshots")
    boolean listSnapshots;

    @Option(names = "--where", description = "SQL filter on the table's columns")
    String where;

    @Option(names = "--count", description = "print only the number of rows")
    boolean count;

    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() {
        LakehouseConfig config = options.load();
        CatalogPreflight.check(config);
        SparkSession spark = SparkSessions.create(config, "lakehouse-query");
        if (listSnapshots) {
            SparkTimeTravel.snapshots(spark, table).show(1000, false);
            return 0;
        }
        Dataset<Row> rows;
        if (snapshot != null) {
            rows = SparkTimeTravel.atSnapshot(spark, table, snapshot);
        } else if (asOf != null) {
            try {
                rows = SparkTimeTravel.asOf(spark, table, Instant.parse(asOf));
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        "--as-of wants an ISO instant such as 2026-11-25T17:00:00Z, got '" + asOf + "'");
            }
        } else {
            rows = spark.table(SparkTimeTravel.qualified(table));
        }
        if (where != null) {
            rows = rows.where(where);
        }
        if (count) {
            System.out.println(rows.count());
        } else {
            rows.show(limit, false);
        }
        return 0;
    }
}
