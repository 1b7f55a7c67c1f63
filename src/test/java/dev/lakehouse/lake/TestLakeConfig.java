package dev.lakehouse.lake;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** lakehouse.lake.* as a test chooses it, for a {@link LakeCatalog} made outside the application. */
public final class TestLakeConfig {

    private TestLakeConfig() {
    }

    public static LakeConfig of(Path dataDir, String type, String uri, String warehouse, Map<String, String> props) {
        LakeConfig.Catalog catalog = new LakeConfig.Catalog() {
            public String type() {
                return type;
            }

            public Optional<String> uri() {
                return Optional.ofNullable(uri);
            }

            public Optional<String> warehouse() {
                return Optional.ofNullable(warehouse);
            }

            public Map<String, String> prop() {
                return props;
            }
        };
        return new LakeConfig() {
            public String dataDir() {
                return dataDir.toString();
            }

            public Catalog catalog() {
                return catalog;
            }
        };
    }
}
