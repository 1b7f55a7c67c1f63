package dev.lakehouse.contracts.lake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table's definition: columns (Spark SQL types), partition transforms, write order and properties.
 * Columns may only ever be appended to a spec: spark-jobs' {@code catalog/TableDefinitions} turns a new column into
 * {@code ALTER TABLE ... ADD COLUMN}, never into a rewrite.
 */
public record TableSpec(
        String name,
        List<Column> columns,
        List<String> partitionBy,
        List<String> writeOrder,
        Map<String, String> properties) {

    public record Column(String name, String type, String comment) {}

    public String qualified() {
        return CatalogSettings.CATALOG_NAME + "." + name;
    }

    public String namespace() {
        return name.substring(0, name.indexOf('.'));
    }

    public static Builder table(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private final java.util.ArrayList<Column> columns = new java.util.ArrayList<>();
        private List<String> partitionBy = List.of();
        private List<String> writeOrder = List.of();
        private final Map<String, String> properties = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder col(String name, String type) {
            return col(name, type, null);
        }

        public Builder col(String name, String type, String comment) {
            columns.add(new Column(name, type, comment));
            return this;
        }

        public Builder partitionBy(String... transforms) {
            this.partitionBy = List.of(transforms);
            return this;
        }

        public Builder writeOrder(String... columns) {
            this.writeOrder = List.of(columns);
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public TableSpec build() {
            return new TableSpec(name, List.copyOf(columns), partitionBy, writeOrder, Map.copyOf(properties));
        }
    }
}
