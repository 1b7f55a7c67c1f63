package dev.lakehouse.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL the repository ships (alert rules, Grafana panels) and the metric names it reads: what the test of
 * deploy/observability holds against the names the platform really exports.
 */
final class ObservabilityFiles {
    static final Path ROOT = Path.of("deploy", "observability");
    static final Path RULES = ROOT.resolve("prometheus/rules");
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    static final Path SPARK_NAMES = ROOT.resolve("spark-metrics.txt");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Words of PromQL that are not metric names when they stand outside a function call. */
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan",
            "atan2");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][\\w:]*");

    private ObservabilityFiles() {}

    /** The metric names one PromQL expression reads (functions, aggregations, keywords and labels left out). */
    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            String rest = s.substring(m.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * Per expression (keyed as given) the names it reads that {@code exported} lacks; empty when all are exported.
     * An expression that reads no metric at all is reported too (as the name "(none)"): it checks nothing.
     */
    static Map<String, Set<String>> unknownNames(Map<String, String> expressions, Set<String> exported) {
        Map<String, Set<String>> unknown = new java.util.TreeMap<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            if (names.isEmpty()) {
                names = Set.of("(none)");
            }
            names.stream()
                    .filter(n -> !exported.contains(n))
                    .forEach(n ->
                            unknown.computeIfAbsent(where, w -> new TreeSet<>()).add(n));
        });
        return unknown;
    }

    /** Every alert rule's and recording rule's expression, keyed by file and rule name. */
    static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files(RULES, ".rules.yml")) {
            for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert")
                            ? rule.get("alert").asText()
                            : rule.path("record").asText();
                    out.put(file.getFileName() + " " + name, rule.path("expr").asText());
                }
            }
        }
        return out;
    }

    /** Every panel query's expression, keyed by dashboard file, panel title and refId. */
    static Map<String, String> panelExpressions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files(DASHBOARDS, ".json")) {
            collectPanels(
                    file.getFileName().toString(), JSON.readTree(file.toFile()).path("panels"), out);
        }
        return out;
    }

    private static void collectPanels(String file, JsonNode panels, Map<String, String> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                out.put(
                        file + " '" + panel.path("title").asText() + "' "
                                + target.path("refId").asText(),
                        target.path("expr").asText());
            }
            collectPanels(file, panel.path("panels"), out); // panels inside a collapsed row
        }
    }

    /** The names deploy/observability/spark-metrics.txt lists (spark-jobs' test holds it to a real scrape). */
    static Set<String> sparkNames() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(SPARK_NAMES)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** The metric names of a Prometheus text-format scrape. */
    static Set<String> scrapedNames(String body) {
        Set<String> out = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList());
        }
    }
}
