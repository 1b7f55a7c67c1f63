package dev.lakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** docker/: the Dockerfiles and the compose file parse, pin every image and run as non-root. */
class DockerArtifactsTest {

    private static final Path DOCKER = Charts.REPO.resolve("docker");
    /** name:tag with an explicit version-like tag, or a digest; `latest` and missing tags fail. */
    private static final Pattern PINNED =
            Pattern.compile("^[a-z0-9./_-]+(:[0-9A-Za-z_][\\w.-]*|@sha256:[0-9a-f]{64})$");

    private static final Set<String> REQUIRED_SERVICES = Set.of(
            "kafka",
            "kafka-2",
            "kafka-3",
            "registry",
            "s3",
            "postgres",
            "otel-collector",
            "elasticsearch",
            "kibana",
            "prometheus",
            "grafana",
            "platform",
            "platform-init");
    /** Services allowed to go without a health check, each for a reason given in the compose file. */
    private static final Set<String> NO_HEALTHCHECK = Set.of("otel-collector", "platform-init");

    @Test
    void everyDockerfileIsChecked() throws IOException {
        try (var files = Files.list(DOCKER)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("Dockerfile.")))
                    .containsExactlyInAnyOrder(DOCKERFILES);
        }
    }

    private static final String[] DOCKERFILES = {
        "Dockerfile.jvm",
        "Dockerfile.native",
        "Dockerfile.spark",
        "Dockerfile.spark-base",
        "Dockerfile.runtime",
        "Dockerfile.kafka",
        "Dockerfile.registry",
        "Dockerfile.s3"
    };
    /** `${NAME}` or `$NAME` in a FROM: a build argument, whose default (what `docker build` pulls) must be pinned. */
    private static final Pattern ARG_REF = Pattern.compile("^\\$\\{?(\\w+)}?$");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Dockerfile.jvm",
                "Dockerfile.native",
                "Dockerfile.spark",
                "Dockerfile.spark-base",
                "Dockerfile.runtime",
                "Dockerfile.kafka",
                "Dockerfile.registry",
                "Dockerfile.s3"
            })
    void dockerfileParsesPinsItsBasesAndEndsAsNonRoot(String name) throws IOException {
        List<String[]> instructions = instructions(DOCKER.resolve(name));
        assertThat(instructions).as(name + " instructions").isNotEmpty();
        Set<String> stages = new HashSet<>();
        Map<String, String> globalArgs = new java.util.HashMap<>();
        String lastUser = null;
        int froms = 0;
        for (String[] ins : instructions) {
            switch (ins[0]) {
                case "ARG" -> {
                    if (froms == 0) {
                        String[] kv = ins[1].trim().split("=", 2);
                        globalArgs.put(kv[0], kv.length > 1 ? kv[1].replaceAll("^\"|\"$", "") : null);
                    }
                }
                case "FROM" -> {
                    froms++;
                    String[] words = ins[1].trim().split("\\s+");
                    String image = words[0];
                    var ref = ARG_REF.matcher(image);
                    if (ref.matches()) {
                        assertThat(globalArgs)
                                .as(name + ": FROM " + image + " needs an ARG with a default before the first FROM")
                                .containsKey(ref.group(1));
                        image = globalArgs.get(ref.group(1));
                        assertThat(image)
                                .as(name + ": default of " + ref.group(1))
                                .isNotNull();
                    }
                    if (!stages.contains(image)) {
                        assertThat(image).as(name + " FROM").matches(PINNED).doesNotEndWith(":latest");
                    }
                    if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                        stages.add(words[2]);
                    }
                    lastUser = null;
                }
                case "USER" -> lastUser = ins[1].trim();
                case "ADD" ->
                    assertThat(ins[1])
                            .as(name + ": ADD of a URL is unpinned, use a build stage")
                            .doesNotContain("://");
                default -> {}
            }
        }
        assertThat(froms).as(name + " has a FROM").isPositive();
        assertThat(lastUser).as(name + ": the final stage sets a USER").isNotNull();
        assertThat(lastUser.split(":")[0]).as(name + ": final USER is not root").isNotIn("root", "0");
    }

    @Test
    void nativeImageIsBuiltOnMandrelInAMultiStageBuild() throws IOException {
        var froms = instructions(DOCKER.resolve("Dockerfile.native")).stream()
                .filter(i -> i[0].equals("FROM"))
                .toList();
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)[1]).contains("mandrel");
        assertThat(String.join("\n", Files.readAllLines(DOCKER.resolve("Dockerfile.native"))))
                .contains("-Dnative");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeFileParsesPinsImagesAndChecksHealth() throws IOException {
        Map<String, Object> compose =
                new Yaml(Charts.strictLoader()).load(Files.readString(DOCKER.resolve("docker-compose.yml")));
        var services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys(REQUIRED_SERVICES.toArray(String[]::new));
        for (var e : services.entrySet()) {
            String name = e.getKey();
            var svc = e.getValue();
            assertThat(svc.get("image")).as(name + " image").isInstanceOf(String.class);
            assertThat((String) svc.get("image"))
                    .as(name + " image pinned")
                    .matches(PINNED)
                    .doesNotEndWith(":latest");
            var health = (Map<String, Object>) svc.get("healthcheck");
            assertThat(health).as(name + " healthcheck").isNotNull();
            if (Boolean.TRUE.equals(health.get("disable"))) {
                assertThat(NO_HEALTHCHECK)
                        .as(name + " may skip its health check")
                        .contains(name);
            } else {
                assertThat(health.get("test")).as(name + " healthcheck test").isNotNull();
            }
            // Only localhost-bound ports: the stack has local-only credentials.
            for (Object p : (List<Object>) svc.getOrDefault("ports", List.of())) {
                assertThat(String.valueOf(p)).as(name + " port").startsWith("127.0.0.1:");
            }
            // Every bind-mounted config file (or folder of the repository, e.g. deploy/observability's) exists.
            for (Object v : (List<Object>) svc.getOrDefault("volumes", List.of())) {
                String src = String.valueOf(v).split(":")[0];
                if (src.startsWith("./") || src.startsWith("../")) {
                    assertThat(DOCKER.resolve(src)).as(name + " mounts " + src).exists();
                }
            }
        }
        assertThat((List<String>) services.get("kafka-2").get("profiles")).containsExactly("kafka-cluster");
        var platformEnv = (Map<String, Object>) services.get("platform").get("environment");
        assertThat(platformEnv)
                .containsKeys(
                        "LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS",
                        "LAKEHOUSE_REGISTRY_URL",
                        "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
                        "LAKEHOUSE_CATALOG_TYPE",
                        "LAKEHOUSE_CATALOG_WAREHOUSE",
                        "LAKEHOUSE_CATALOG_URI",
                        "LAKEHOUSE_CATALOG_JDBC_PASSWORD",
                        "LAKEHOUSE_QUARANTINE_BUCKET",
                        "AWS_REGION",
                        "LAKEHOUSE_ROLES");
        // Every setting compose gives the platform is a key it reads (it refuses an unknown lakehouse.* key at start).
        Vocabulary vocabulary = Vocabulary.read(Charts.REPO.resolve("docs/configuration.md"));
        for (String service : List.of("platform", "platform-init")) {
            var env = (Map<String, Object>) services.get(service).get("environment");
            assertThat(env.keySet().stream()
                            .filter(k -> k.startsWith("LAKEHOUSE_"))
                            .toList())
                    .as(service + " env")
                    .allSatisfy(k -> assertThat(vocabulary.hasEnvironmentName(k))
                            .as(k + " spells a key of docs/configuration.md")
                            .isTrue());
            assertThat(env.keySet())
                    .as(service + ": Quarkus' own Kafka names are not the vocabulary")
                    .noneMatch(k -> k.startsWith("KAFKA_"));
            String entrypoint = String.valueOf(services.get(service).get("entrypoint"));
            assertThat(entrypoint)
                    .as(service + ": the CLI's commands take no arguments")
                    .doesNotContain("topics apply", "schemas register");
        }
        for (String line : Files.readAllLines(DOCKER.resolve("config/lakehouse.properties"))) {
            if (line.startsWith("lakehouse.")) {
                String key = line.substring(0, line.indexOf('='));
                assertThat(vocabulary.hasKey(key))
                        .as(key + " in config/lakehouse.properties is a key of docs/configuration.md")
                        .isTrue();
            }
        }
    }

    /** Dockerfile instructions as [KEYWORD, arguments], continuation lines joined, comments dropped. */
    static List<String[]> instructions(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String full = current.toString().strip();
            current.setLength(0);
            if (full.isEmpty()) {
                continue;
            }
            String[] parts = full.split("\\s+", 2);
            assertThat(parts[0])
                    .as(file.getFileName() + ": instruction keyword in `" + full + "`")
                    .matches(
                            "(?i)FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL");
            out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
        }
        return out;
    }
}
