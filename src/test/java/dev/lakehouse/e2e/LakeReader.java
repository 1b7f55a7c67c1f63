package dev.lakehouse.e2e;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.lake.SqliteConnectionPerCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;

/** Reads the lake's Iceberg tables straight from the embedded catalog, independent of the platform's API. */
final class LakeReader {

    private final Catalog catalog;

    private LakeReader(Path dataDir, String warehouse, Map<String, String> more) {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "uri",
                CatalogSettings.embeddedUri(dataDir.toAbsolutePath()),
                "warehouse",
                warehouse,
                "jdbc.schema-version",
                "V1",
                "cache-enabled",
                "false"));
        props.putAll(more);
        // As the API reads: a SQLite connection per call, or a pooled one would never see the streams' later commits.
        JdbcCatalog jdbc = new JdbcCatalog(null, p -> new SqliteConnectionPerCall(p.get("uri"), p), true);
        jdbc.setConf(new Configuration());
        jdbc.initialize("lake", props);
        catalog = jdbc;
    }

    /** The embedded catalog with its warehouse on the local disk (the default of ./lakehouse run). */
    static LakeReader embedded(Path dataDir) {
        return new LakeReader(dataDir, "file:" + dataDir.toAbsolutePath().resolve("warehouse") + "/", Map.of());
    }

    /** The embedded catalog with its warehouse in the S3 server's bucket, through S3FileIO (./lakehouse run --lake s3). */
    static LakeReader onS3(Path dataDir, String endpoint) {
        return new LakeReader(
                dataDir,
                "s3://lakehouse/warehouse",
                Map.of(
                        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                        "s3.endpoint", endpoint,
                        "s3.path-style-access", "true",
                        "s3.access-key-id", "local",
                        "s3.secret-access-key", "local",
                        "client.region", "us-east-1",
                        "http-client.type", "urlconnection"));
    }

    /** Where the table's current data files are. */
    List<String> dataFileLocations(String table) {
        List<String> out = new ArrayList<>();
        try (var tasks =
                catalog.loadTable(TableIdentifier.parse(table)).newScan().planFiles()) {
            tasks.forEach(t -> out.add(t.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    boolean exists(String table) {
        return catalog.tableExists(TableIdentifier.parse(table));
    }

    /** Every row of the table's current snapshot (none while the table does not exist yet). */
    List<Record> rows(String table) {
        if (!exists(table)) {
            return List.of();
        }
        Table t = catalog.loadTable(TableIdentifier.parse(table));
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(r -> rows.add(r.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The named columns of every row (those the table has; none while it does not exist yet). */
    List<Record> rows(String table, String... columns) {
        if (!exists(table)) {
            return List.of();
        }
        Table t = catalog.loadTable(TableIdentifier.parse(table));
        List<String> present = java.util.Arrays.stream(columns)
                .filter(c -> t.schema().findField(c) != null)
                .toList();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it =
                IcebergGenerics.read(t).select(present).build()) {
            it.forEach(r -> rows.add(r.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Commit time of the table's current snapshot, epoch millis; 0 while it has none. */
    long lastCommit(String table) {
        if (!exists(table)) {
            return 0;
        }
        var snapshot = catalog.loadTable(TableIdentifier.parse(table)).currentSnapshot();
        return snapshot == null ? 0 : snapshot.timestampMillis();
    }

    /** One column of every row, as strings. */
    List<String> column(String table, String column) {
        return rows(table).stream().map(r -> String.valueOf(r.getField(column))).toList();
    }

    /** Every table of every namespace of the catalog. */
    List<String> tables() {
        List<String> out = new ArrayList<>();
        for (var ns : ((org.apache.iceberg.catalog.SupportsNamespaces) catalog).listNamespaces()) {
            catalog.listTables(ns).forEach(t -> out.add(t.toString()));
        }
        return out;
    }

    /**
     * Every row of every data file a retained snapshot of the table refers to, each file read once, as it is on disk:
     * rows that delete files hide are visited too (they are still there). Visited with the file's location.
     */
    void forEachRowOfEveryDataFile(String table, java.util.function.BiConsumer<String, Record> visit) {
        Table t = catalog.loadTable(TableIdentifier.parse(table));
        java.util.Set<String> read = new java.util.HashSet<>();
        for (var snapshot : t.snapshots()) {
            Schema schema = t.schemas().getOrDefault(snapshot.schemaId(), t.schema());
            try (CloseableIterable<FileScanTask> tasks =
                    t.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
                for (FileScanTask task : tasks) {
                    String location = task.file().location();
                    if (read.add(location)) {
                        try (CloseableIterable<Record> rows = Parquet.read(t.io().newInputFile(location))
                                .project(schema)
                                .createReaderFunc(file -> GenericParquetReaders.buildReader(schema, file))
                                .build()) {
                            rows.forEach(r -> visit.accept(location, r));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
