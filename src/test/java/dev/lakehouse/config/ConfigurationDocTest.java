package dev.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the lakehouse.* keys the app reads (rows whose "read by" names the app), each
 * once; spark-jobs' ConfigurationDocTest holds the same file to its own keys. The keys the app reads come from
 * {@link ConfigVocabulary}, which this test first holds to the sources: a config mapping or a property read that
 * is not in it fails here, so a new key cannot slip past the doc.
 */
class ConfigurationDocTest {

    static final Path DOC = Path.of("docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(lakehouse\\.[^`]+)`\\s*\\|[^|]*\\|([^|]*)\\|");

    /** The doc's rows: key (placeholders as '*') and who reads it. */
    record Row(String key, Set<String> readers) {}

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String key = m.group(1).replaceAll("<[^>]+>", "*");
                Set<String> readers = new TreeSet<>();
                for (String reader : m.group(2).split(",")) {
                    if (!reader.isBlank()) {
                        readers.add(reader.trim());
                    }
                }
                rows.add(new Row(key, readers));
            }
        }
        return rows;
    }

    @Test
    void everyKeyTheAppReadsIsDocumentedAndEveryDocumentedAppKeyIsRead() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).as("rows of " + DOC).hasSizeGreaterThan(20);
        assertThat(rows)
                .as("every row names who reads the key (app, spark-jobs)")
                .allSatisfy(
                        r -> assertThat(r.readers()).as(r.key()).isNotEmpty().isSubsetOf("app", "spark-jobs"));
        assertThat(rows.stream().map(Row::key).toList())
                .as("each key listed once")
                .doesNotHaveDuplicates();
        Set<String> documented = new TreeSet<>();
        rows.stream().filter(r -> r.readers().contains("app")).forEach(r -> documented.add(r.key()));
        Set<String> read = ConfigVocabulary.keys();
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        assertThat(undocumented)
                .as("keys the app reads that " + DOC + " does not list (read by: app)")
                .isEmpty();
        assertThat(unread)
                .as("keys " + DOC + " says the app reads that no app code reads")
                .isEmpty();
    }

    @Test
    void theVocabularyHasEveryMappingAndPropertyOfTheSources() throws IOException {
        Pattern mapping =
                Pattern.compile("@ConfigMapping\\(prefix = \"(lakehouse[^\"]*)\"\\)\\s*public interface (\\w+)");
        Pattern property = Pattern.compile(
                "(?:@ConfigProperty\\(name = |getValue\\(|getOptionalValue\\(|setProperty\\()\"(lakehouse\\.[^\"]+)\"");
        Set<String> mappings = new TreeSet<>();
        Set<String> properties = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                mapping.matcher(source).results().forEach(m -> mappings.add(m.group(2)));
                property.matcher(source).results().forEach(m -> properties.add(m.group(1)));
            }
        }
        assertThat(ConfigVocabulary.MAPPINGS.stream().map(Class::getSimpleName).toList())
                .as("ConfigVocabulary.MAPPINGS holds every @ConfigMapping under lakehouse.* in src/main/java")
                .containsExactlyInAnyOrderElementsOf(mappings);
        assertThat(properties)
                .as("keys read or set one by one are known to ConfigVocabulary")
                .allSatisfy(p -> assertThat(ConfigVocabulary.isKnown(p)).as(p).isTrue());
    }

    @Test
    void aMisspeltKeyIsRefusedNamingTheClosestKey() {
        assertThat(ConfigVocabulary.isKnown("lakehouse.generator.faults.late")).isTrue();
        assertThat(ConfigVocabulary.isKnown("lakehouse.topics.domain.orders.partitions"))
                .isTrue();
        assertThat(ConfigVocabulary.isKnown("lakehouse.kafka.option.\"sasl.mechanism\""))
                .isTrue();
        assertThat(ConfigVocabulary.isKnown("lakehouse.generator.scenario.steps[2].rate"))
                .isTrue();
        assertThat(ConfigVocabulary.isKnown("lakehouse.lake.data-dir"))
                .as("the old name is gone")
                .isFalse();
        assertThat(ConfigVocabulary.closest("lakehouse.registry.ulr")).isEqualTo("lakehouse.registry.url");
    }

    @Test
    void aFileKeyIsRefusedAndAnEnvironmentVariableIsNot() {
        var config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(
                        new io.smallrye.config.EnvConfigSource(java.util.Map.of("LAKEHOUSE_STACK_DIST", "/x"), 300))
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        java.util.Map.of("lakehouse.registry.url", "http://r"), "file", 100))
                .build();
        UnknownKeys.requireKnown(config);
        var misspelt = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(
                        java.util.Map.of("lakehouse.registry.ulr", "http://r"), "file", 100))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnknownKeys.requireKnown(misspelt))
                .hasMessageContaining("unknown configuration key 'lakehouse.registry.ulr'")
                .hasMessageContaining("did you mean 'lakehouse.registry.url'");
    }
}
