package dev.lakehouse.spark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: unknown keys refused, the environment's spelling, a file shared with the app, checkpoint URIs. */
class LakehouseConfigTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownKeyIsRefusedNamingTheClosestKnownOne() {
        assertThatThrownBy(() -> LakehouseConfig.load(null, Map.of(), Map.of("lakehouse.registry.ulr", "http://x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'lakehouse.registry.ulr'")
                .hasMessageContaining("did you mean 'lakehouse.registry.url'");
        assertThatThrownBy(() -> LakehouseConfig.load(
                        null, Map.of(), Map.of("lakehouse.kafka.options.security.protocol", "SSL")))
                .hasMessageContaining("did you mean 'lakehouse.kafka.option.*'");
    }

    @Test
    void theRegistryUrlIsTheAppsAndTheDecodersUseTheConfluentApiBesideIt() {
        assertThat(LakehouseConfig.load(null, Map.of(), Map.of()).registryApi())
                .isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(LakehouseConfig.load(
                                null,
                                Map.of(),
                                Map.of("lakehouse.registry.url", "http://registry:8080/apis/registry/v3/"))
                        .registryApi())
                .isEqualTo("http://registry:8080/apis/ccompat/v7");
        // Confluent's own registry (or a ccompat URL) is that API already.
        assertThat(LakehouseConfig.load(null, Map.of(), Map.of("lakehouse.registry.url", "https://sr.example.com"))
                        .registryApi())
                .isEqualTo("https://sr.example.com");
    }

    @Test
    void familiesAndForeignKeysPass() {
        LakehouseConfig c = LakehouseConfig.load(
                null,
                Map.of(),
                Map.of(
                        "lakehouse.kafka.option.security.protocol",
                        "SSL",
                        "lakehouse.catalog.prop.s3.endpoint",
                        "http://s3",
                        "spark.sql.shuffle.partitions",
                        "2"));
        assertThat(c.withPrefix(LakehouseConfig.KAFKA_OPTION_PREFIX)).containsEntry("security.protocol", "SSL");
    }

    @Test
    void theEnvironmentSpellingSetsAKeyAndSetWins() {
        Map<String, String> env = Map.of(
                "LAKEHOUSE_CATALOG_TYPE",
                "jdbc",
                "LAKEHOUSE_KAFKA_TOPIC_PREFIX",
                "shop",
                "LAKEHOUSE_STACK_DIST",
                "/not/a/key");
        LakehouseConfig c = LakehouseConfig.load(null, env, Map.of("lakehouse.kafka.topic-prefix", "other"));
        assertThat(c.get(LakehouseConfig.CATALOG_TYPE)).isEqualTo("jdbc");
        assertThat(c.get(LakehouseConfig.TOPIC_PREFIX))
                .as("--set wins over the environment")
                .isEqualTo("other");
    }

    @Test
    void aFileWrittenForTheAppIsReadWithoutItsQuotes() throws Exception {
        Path file = dir.resolve("lake.properties");
        Files.writeString(file, "lakehouse.catalog.prop.\"s3.endpoint\"=http://127.0.0.1:9000\n");
        LakehouseConfig c = LakehouseConfig.load(file, Map.of(), Map.of());
        assertThat(c.withPrefix(LakehouseConfig.CATALOG_PROP_PREFIX))
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000");
    }

    @Test
    void checkpointUrisAreKeptAndPathsMadeAbsolute() {
        assertThat(LakehouseConfig.load(
                                null, Map.of(), Map.of(LakehouseConfig.CHECKPOINT_DIR, "s3a://bucket/checkpoints/"))
                        .checkpointLocation("bronze"))
                .isEqualTo("s3a://bucket/checkpoints/bronze");
        assertThat(LakehouseConfig.load(null, Map.of(), Map.of(LakehouseConfig.CHECKPOINT_DIR, "s3://bucket/cp"))
                        .checkpointLocation("gold"))
                .isEqualTo("s3://bucket/cp/gold");
        assertThat(LakehouseConfig.load(null, Map.of(), Map.of(LakehouseConfig.DATA_DIR, dir.toString()))
                        .checkpointLocation("silver"))
                .isEqualTo(dir.toAbsolutePath()
                        .resolve("checkpoints")
                        .resolve("silver")
                        .toString());
        assertThat(LakehouseConfig.load(null, Map.of(), Map.of(LakehouseConfig.CHECKPOINT_DIR, "rel/cp"))
                        .checkpointDir())
                .isEqualTo(Path.of("rel/cp").toAbsolutePath().normalize().toString());
    }
}
