package dev.lakehouse.spark.support;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.lake.TableSpec;
import dev.lakehouse.spark.streaming.BatchCommits;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/** Table fingerprints for comparing a lake before and after a restart. */
public final class Tables {
    private Tables() {}

    /** table -> sorted rows (times of processing, which legitimately differ, left out). */
    public static Map<String, List<String>> contents(Lakehouse lake) {
        Map<String, List<String>> out = new TreeMap<>();
        for (TableSpec t : LakeTables.all()) {
            var schema = lake.table(t.name()).schema();
            String[] kept = Arrays.stream(schema.fields())
                    .filter(f -> !f.name().equals("ingest_time") && !f.name().equals("updated_at"))
                    .map(f -> f.dataType() instanceof org.apache.spark.sql.types.BinaryType
                            ? "hex(`" + f.name() + "`)"
                            : "`" + f.name() + "`")
                    .toArray(String[]::new);
            out.put(
                    t.name(),
                    lake.table(t.name()).selectExpr(kept).collectAsList().stream()
                            .map(Row::toString)
                            .sorted()
                            .toList());
        }
        return out;
    }

    public static Map<String, Long> snapshotCounts(Lakehouse lake) {
        Map<String, Long> out = new TreeMap<>();
        for (TableSpec t : LakeTables.all()) {
            out.put(
                    t.name(),
                    lake.spark
                            .sql("SELECT count(*) FROM lake." + t.name() + ".snapshots")
                            .first()
                            .getLong(0));
        }
        return out;
    }

    /** table -> "writer#batch" values that label more than one snapshot (must be empty). */
    public static Map<String, List<String>> duplicateBatchCommits(Lakehouse lake) {
        Map<String, List<String>> out = new TreeMap<>();
        for (TableSpec t : LakeTables.all()) {
            List<String> labels = lake.strings("SELECT concat(summary['" + BatchCommits.WRITER_ID + "'], '#', summary['"
                    + BatchCommits.BATCH_ID + "']) FROM lake." + t.name() + ".snapshots WHERE summary['"
                    + BatchCommits.WRITER_ID + "'] IS NOT NULL");
            List<String> dups =
                    labels.stream().collect(Collectors.groupingBy(x -> x, Collectors.counting())).entrySet().stream()
                            .filter(e -> e.getValue() > 1)
                            .map(Map.Entry::getKey)
                            .toList();
            if (!dups.isEmpty()) {
                out.put(t.name(), dups);
            }
        }
        return out;
    }
}
