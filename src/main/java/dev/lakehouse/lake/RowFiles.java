package dev.lakehouse.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/**
 * Parquet data files for rows given as column name to value, one file per partition, written with Iceberg's generic
 * writers (no Spark in the app); the caller commits them in whatever operation it needs (append, overwrite).
 */
public final class RowFiles {

    private RowFiles() {}

    public static List<DataFile> write(Table table, List<Map<String, Object>> rows) {
        Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
        InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
        for (Map<String, Object> row : rows) {
            Record record = GenericRecord.create(table.schema());
            row.forEach(record::setField);
            PartitionKey key = new PartitionKey(table.spec(), table.schema());
            key.partition(wrapper.wrap(record));
            byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), table.spec());
        List<DataFile> files = new ArrayList<>();
        byPartition.forEach((key, records) -> {
            String path = table.locationProvider().newDataLocation(table.spec(), key, UUID.randomUUID() + ".parquet");
            DataWriter<Record> writer = factory.newDataWriter(
                    EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)), FileFormat.PARQUET, key);
            try (writer) {
                records.forEach(writer::write);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(writer.toDataFile());
        });
        return files;
    }
}
