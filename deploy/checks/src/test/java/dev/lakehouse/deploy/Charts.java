package dev.lakehouse.deploy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Renders the chart once per values file and hands out the parsed objects. */
final class Charts {

    static final Path REPO =
            Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    static final Path CHART = REPO.resolve("deploy/helm/lakehouse");
    static final Path OUT =
            Path.of(System.getProperty("rendered.dir", "target")).toAbsolutePath();
    static final String NAMESPACE = "lakehouse";
    static final String RELEASE = "lakehouse";

    /** Environments and their values file (null = chart defaults only). */
    static final Map<String, String> ENVS = Map.of("default", "", "dev", "values-dev.yaml", "prod", "values-prod.yaml");

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private Charts() {}

    /** `helm template` for one environment; also written to target/rendered-ENV.yaml for checkov. */
    static synchronized List<Map<String, Object>> rendered(String env) {
        return RENDERED.computeIfAbsent(env, e -> {
            // Hooks are not part of the manifest `helm template` prints: render the bootstrap Job
            // a second time as a plain Job so it is parsed and scanned like everything else.
            String main = template(e, Map.of());
            String hookJob = template(e, Map.of("bootstrapJob.helmHook", "false"));
            StringBuilder jobs = new StringBuilder();
            for (String part : hookJob.split("(?m)^---\\s*$")) {
                if (part.contains("templates/bootstrap-job.yaml")) {
                    jobs.append("---").append(part.startsWith("\n") ? "" : "\n").append(part);
                }
            }
            String yaml = main + (main.endsWith("\n") ? "" : "\n") + jobs;
            try {
                Files.createDirectories(OUT);
                Files.writeString(OUT.resolve("rendered-" + e + ".yaml"), yaml);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return documents(yaml);
        });
    }

    static String template(String env, Map<String, Object> sets) {
        var cmd = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        String file = ENVS.get(env);
        if (file != null && !file.isEmpty()) {
            cmd = cmd.withValuesFile(CHART.resolve(file));
        }
        for (var s : sets.entrySet()) {
            cmd = cmd.set(s.getKey(), s.getValue());
        }
        return cmd.call();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        var loader = new Yaml(strictLoader());
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : loader.loadAll(yaml)) {
            if (o != null) {
                docs.add((Map<String, Object>) o);
            }
        }
        return docs;
    }

    /** Duplicate keys are an error (the API server rejects them), not a silent last-one-wins. */
    static LoaderOptions strictLoader() {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** Parses one rendered object into its typed fabric8 model (GenericKubernetesResource for CRDs). */
    static KubernetesResource typed(Map<String, Object> doc) {
        return SERIALIZATION.convertValue(doc, KubernetesResource.class);
    }

    /**
     * `helm lint --strict` takes no values file through helm-java, so lint a copy of the chart
     * whose values.yaml is the defaults deep-merged with the environment's file, as Helm merges them.
     */
    @SuppressWarnings("unchecked")
    static Path chartWithValues(String env) throws IOException {
        Path copy = OUT.resolve("lint-" + env).resolve("lakehouse");
        if (Files.exists(copy)) {
            try (Stream<Path> walk = Files.walk(copy)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (Stream<Path> walk = Files.walk(CHART)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = copy.resolve(CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("values-")) {
                    Files.copy(p, target);
                }
            }
        }
        String file = ENVS.get(env);
        if (file != null && !file.isEmpty()) {
            var yaml = new Yaml(new LoaderOptions());
            Map<String, Object> base = yaml.load(Files.readString(CHART.resolve("values.yaml")));
            Map<String, Object> over = yaml.load(Files.readString(CHART.resolve(file)));
            var opts = new DumperOptions();
            opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.writeString(copy.resolve("values.yaml"), new Yaml(opts).dump(merge(base, over)));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            if (b instanceof Map && v instanceof Map) {
                out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) v));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
