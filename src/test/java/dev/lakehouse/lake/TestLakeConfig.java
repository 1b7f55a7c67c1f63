package dev.lakehouse.lake;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** lakehouse.data-dir and lakehouse.catalog.* as a test chooses it, for a {@link LakeCatalog} made outside the application. */
public final class TestLakeConfig {

    private TestLakeConfig() {}

    public static LakeConfig of(Path dataDir, String type, String uri, String warehouse, Map<String, String> props) {
        CatalogConfig catalog = new CatalogConfig() {
            public String type() {
                return type;
            }

            public Optional<String> uri() {
                return Optional.ofNullable(uri);
            }

            public Optional<String> warehouse() {
                return Optional.ofNullable(warehouse);
            }

            public CatalogConfig.Jdbc jdbc() {
                return new CatalogConfig.Jdbc() {
                    public Optional<String> user() {
                        return Optional.empty();
                    }

                    public Optional<String> password() {
                        return Optional.empty();
                    }
                };
            }

            public Map<String, String> prop() {
                return props;
            }
        };
        return new LakeConfig(dataDir.toString(), catalog);
    }
}
