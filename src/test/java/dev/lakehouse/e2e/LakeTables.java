package dev.lakehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the lake's Iceberg tables straight from the embedded catalog, independent of the platform's API. */
final class LakeTables {

    private final Catalog catalog;

    LakeTables(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        catalog = CatalogUtil.buildIcebergCatalog("lake", Map.of(
                "type", "jdbc",
                "uri", "jdbc:sqlite:" + dir.resolve("catalog.db") + "?journal_mode=WAL&busy_timeout=30000",
                "warehouse", "file:" + dir.resolve("warehouse") + "/",
                "jdbc.schema-version", "V1",
                "cache-enabled", "false"), new Configuration());
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
}
