package dev.lakehouse.lake;

import static org.apache.iceberg.types.Types.NestedField.optional;

import dev.lakehouse.contracts.lake.CatalogSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A real lake for tests: the embedded catalog (SQLite + local warehouse) that spark-jobs writes, with tables of the
 * same schemas and partitioning as spark-jobs' LakeTables, filled with rows a test chooses, one commit per call.
 */
public final class TestLake implements AutoCloseable {

    public static final Schema REVENUE = schema(
            "minute",
            ts(),
            "currency",
            str(),
            "revenue",
            Types.DecimalType.of(18, 2),
            "orders",
            lng(),
            "updated_at",
            ts());
    public static final Schema FUNNEL = schema(
            "window_start",
            ts(),
            "window_end",
            ts(),
            "sessions",
            lng(),
            "product_views",
            lng(),
            "carts",
            lng(),
            "checkouts",
            lng(),
            "orders",
            lng(),
            "updated_at",
            ts());
    public static final Schema TOP_PRODUCTS = schema(
            "hour",
            ts(),
            "product_id",
            str(),
            "units",
            lng(),
            "orders",
            lng(),
            "rank",
            Types.IntegerType.get(),
            "updated_at",
            ts());
    public static final Schema STOCK = schema(
            "product_id",
            str(),
            "quantity_on_hand",
            lng(),
            "warehouses",
            Types.IntegerType.get(),
            "last_event_time",
            ts(),
            "updated_at",
            ts());
    public static final Schema SESSIONS = schema(
            "session_id",
            str(),
            "visitor_id",
            str(),
            "customer_id",
            str(),
            "started_at",
            ts(),
            "last_seen",
            ts(),
            "events",
            lng(),
            "updated_at",
            ts());
    /** The columns of silver.catalog the API reads (product names). */
    public static final Schema SILVER_CATALOG = schema(
            "event_id",
            str(),
            "event_time",
            ts(),
            "event_type",
            str(),
            "product_id",
            str(),
            "name",
            str(),
            "category",
            str(),
            "brand",
            str());

    /** The columns of the dbt mart marts.mart_customer_lifetime_value the API reads. */
    public static final Schema CUSTOMER_VALUE = schema(
            "customer_id",
            str(),
            "orders",
            lng(),
            "lifetime_revenue",
            money(),
            "as_of_time",
            ts(),
            "recency_days",
            Types.IntegerType.get(),
            "rfm_segment",
            str());

    public static final Schema SILVER_ORDERS = schema(
            "event_id",
            str(),
            "event_time",
            ts(),
            "event_type",
            str(),
            "order_id",
            str(),
            "customer_id",
            str(),
            "session_id",
            str(),
            "line_count",
            Types.IntegerType.get(),
            "subtotal",
            money(),
            "shipping",
            money(),
            "tax",
            money(),
            "total",
            money(),
            "currency",
            str(),
            "shipping_country",
            str(),
            "payment_id",
            str(),
            "payment_method",
            str(),
            "amount",
            money(),
            "carrier",
            str(),
            "tracking_number",
            str(),
            "refund_id",
            str(),
            "reason",
            str(),
            "schema_version",
            Types.IntegerType.get(),
            "kafka_partition",
            Types.IntegerType.get(),
            "kafka_offset",
            lng(),
            "ingest_time",
            ts());
    public static final Schema LATE_EVENTS = schema(
            "domain",
            str(),
            "event_id",
            str(),
            "event_time",
            ts(),
            "watermark",
            ts(),
            "record_key",
            str(),
            "payload_json",
            str(),
            "topic",
            str(),
            "kafka_partition",
            Types.IntegerType.get(),
            "kafka_offset",
            lng(),
            "ingest_time",
            ts());
    public static final Schema BRONZE_EVENTS = schema(
            "domain",
            str(),
            "event_id",
            str(),
            "event_time",
            ts(),
            "event_type",
            str(),
            "schema_version",
            Types.IntegerType.get(),
            "record_key",
            str(),
            "payload_json",
            str(),
            "raw_value",
            Types.BinaryType.get(),
            "schema_id",
            Types.IntegerType.get(),
            "topic",
            str(),
            "kafka_partition",
            Types.IntegerType.get(),
            "kafka_offset",
            lng(),
            "kafka_timestamp",
            ts(),
            "ingest_time",
            ts());

    private final Path dir;
    private final JdbcCatalog catalog;

    private TestLake(Path dir, Map<String, String> extra) {
        this.dir = dir;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("uri", CatalogSettings.embeddedUri(dir));
        props.put("warehouse", dir.resolve("warehouse").toUri().toString());
        props.put("jdbc.schema-version", "V1");
        props.put("cache-enabled", "false");
        props.putAll(extra);
        try {
            Class.forName("org.sqlite.JDBC"); // see SqliteConnectionPerCall
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("lake", props);
    }

    /** A new, empty lake in this directory (anything there before is deleted). */
    public static TestLake create(Path dir) {
        return create(dir, Map.of());
    }

    /** A new, empty lake whose catalog is in this directory, with more catalog properties (warehouse, io-impl ...). */
    public static TestLake create(Path dir, Map<String, String> catalogProperties) {
        deleteRecursively(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestLake(dir, catalogProperties);
    }

    /** The lake a test created earlier in this directory. */
    public static TestLake open(Path dir) {
        return new TestLake(dir, Map.of());
    }

    public Path dir() {
        return dir;
    }

    /** Creates a table (partitioned by the day of {@code dayColumn}, or not at all when null). */
    public Table table(String name, Schema schema, String dayColumn) {
        TableIdentifier id = TableIdentifier.parse(name);
        if (!catalog.namespaceExists(id.namespace())) {
            catalog.createNamespace(id.namespace());
        }
        PartitionSpec spec = dayColumn == null
                ? PartitionSpec.unpartitioned()
                : PartitionSpec.builderFor(schema).day(dayColumn).build();
        return catalog.createTable(id, schema, spec, Map.of("format-version", "2", "write.format.default", "parquet"));
    }

    public boolean exists(String name) {
        return catalog.tableExists(TableIdentifier.parse(name));
    }

    public Table load(String name) {
        return catalog.loadTable(TableIdentifier.parse(name));
    }

    /** Appends the rows in one commit (one Parquet file per partition), as a stream's micro-batch would. */
    public void append(String name, List<Map<String, Object>> rows) {
        Table table = load(name);
        var append = table.newAppend();
        RowFiles.write(table, rows).forEach(append::appendFile);
        append.commit();
        pause();
    }

    /** Replaces every row of the table in one commit, as a MERGE that rewrote its files would. */
    public void replaceAll(String name, List<Map<String, Object>> rows) {
        Table table = load(name);
        var overwrite = table.newOverwrite();
        try (var tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> overwrite.deleteFile(t.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RowFiles.write(table, rows).forEach(overwrite::addFile);
        overwrite.commit();
        pause();
    }

    /** A row by column name; instants become timestamptz values. */
    public static Map<String, Object> row(Object... nameValue) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            Object value = nameValue[i + 1];
            row.put((String) nameValue[i], value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        }
        return row;
    }

    /** Commits a few milliseconds apart, so "as of the first commit" never also matches the second. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        catalog.close();
    }

    /** A table of {@code LakeTables} as spark-jobs creates it (its Spark SQL types as Iceberg types). */
    public static Schema schemaOf(dev.lakehouse.contracts.lake.TableSpec spec) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (var column : spec.columns()) {
            Type type = switch (column.type()) {
                case "STRING" -> str();
                case "INT" -> Types.IntegerType.get();
                case "BIGINT" -> lng();
                case "DOUBLE" -> Types.DoubleType.get();
                case "BOOLEAN" -> Types.BooleanType.get();
                case "TIMESTAMP" -> ts();
                default -> throw new IllegalArgumentException("TestLake does not know the type " + column.type());
            };
            fields.add(optional(id++, column.name(), type));
        }
        return new Schema(fields);
    }

    private static Schema schema(Object... nameType) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            fields.add(optional(i / 2 + 1, (String) nameType[i], (Type) nameType[i + 1]));
        }
        return new Schema(fields);
    }

    private static Type ts() {
        return Types.TimestampType.withZone();
    }

    private static Type str() {
        return Types.StringType.get();
    }

    private static Type lng() {
        return Types.LongType.get();
    }

    private static Type money() {
        return Types.DecimalType.of(12, 2);
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
