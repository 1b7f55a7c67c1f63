package dev.lakehouse.spark.config;

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
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the lakehouse.* keys spark-jobs reads (rows whose "read by" names
 * spark-jobs): the key constants of LakehouseConfig, through {@link ConfigKeys}, and its two families
 * ({@code <prefix><placeholder>}). The app's ConfigurationDocTest holds the same file to the app's keys.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(lakehouse\\.[^`]+)`\\s*\\|[^|]*\\|([^|]*)\\|");

    @Test
    void everyKeyTheJobsReadIsDocumentedAndEveryDocumentedJobsKeyIsRead() throws IOException {
        List<String> all = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String key = m.group(1).replaceAll("<[^>]+>", "*");
                all.add(key);
                if (Set.of(m.group(2).trim().split("\\s*,\\s*")).contains("spark-jobs")) {
                    documented.add(key);
                }
            }
        }
        assertThat(all).as("each key listed once in " + DOC).doesNotHaveDuplicates();
        Set<String> read = new TreeSet<>(ConfigKeys.keys());
        ConfigKeys.prefixes().forEach(p -> read.add(p + "*"));
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        assertThat(undocumented)
                .as("keys spark-jobs reads that " + DOC + " does not list (read by: spark-jobs)")
                .isEmpty();
        assertThat(unread)
                .as("keys " + DOC + " says spark-jobs reads that no spark-jobs code reads")
                .isEmpty();
    }
}
