package dev.lakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelmChartTest {

    /** Kinds from the core APIs: these must map to fabric8's typed classes, not the generic one. */
    private static final Set<String> TYPED_KINDS = Set.of(
            "Deployment",
            "Service",
            "ConfigMap",
            "ServiceAccount",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "Job",
            "Role",
            "RoleBinding");
    /** Custom resources: checked as YAML plus their required fields. */
    private static final Map<String, String> CRD_KINDS = Map.of(
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "PodMonitor", "monitoring.coreos.com/v1",
            "SparkApplication", "sparkoperator.k8s.io/v1beta2",
            "ScheduledSparkApplication", "sparkoperator.k8s.io/v1beta2");

    private static final Pattern PINNED_IMAGE =
            Pattern.compile("^[^:@\\s]+(:[\\w][\\w.-]{0,127}|@sha256:[0-9a-f]{64})$");
    // A name ending in TOKEN is a secret (AUTH_TOKEN); QUARKUS_OIDC_TOKEN_AUDIENCE is a setting.
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|CREDENTIAL|PRIVATE).*|.*TOKEN");

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void lintIsCleanInStrictMode(String env) throws Exception {
        var result = new Helm(Charts.chartWithValues(env)).lint().strict().call();
        assertThat(result.isFailed())
                .as("helm lint --strict (%s): %s", env, result.getMessages())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void everyRenderedObjectParsesIntoItsKind(String env) {
        var docs = Charts.rendered(env);
        assertThat(docs).as("rendered objects (%s)", env).isNotEmpty();
        for (var doc : docs) {
            String kind = (String) doc.get("kind");
            KubernetesResource typed = Charts.typed(doc);
            assertThat(typed).isInstanceOf(HasMetadata.class);
            var meta = ((HasMetadata) typed).getMetadata();
            assertThat(meta.getName()).as("name of a %s", kind).isNotBlank();
            assertThat(meta.getNamespace())
                    .as("namespace of %s/%s", kind, meta.getName())
                    .isEqualTo(Charts.NAMESPACE);
            if (TYPED_KINDS.contains(kind)) {
                assertThat(typed)
                        .as("%s/%s typed", kind, meta.getName())
                        .isNotInstanceOf(GenericKubernetesResource.class);
                assertNoUnknownFields(typed, kind + "/" + meta.getName());
            } else {
                assertThat(CRD_KINDS)
                        .as("kind %s is known to these checks", kind)
                        .containsKey(kind);
                assertThat(doc.get("apiVersion")).as("apiVersion of %s", kind).isEqualTo(CRD_KINDS.get(kind));
                assertThat(doc.get("spec")).as("spec of %s", kind).isInstanceOf(Map.class);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void workloadsHaveProbesResourcesAndRunAsNonRoot(String env) {
        for (var d : objects(env, Deployment.class)) {
            String where = env + " Deployment/" + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot())
                    .as(where + " runAsNonRoot")
                    .isTrue();
            assertThat(pod.getAutomountServiceAccountToken())
                    .as(where + " automount token")
                    .isFalse();
            for (Container c : pod.getContainers()) {
                assertThat(c.getLivenessProbe()).as(where + " liveness").isNotNull();
                assertThat(c.getReadinessProbe()).as(where + " readiness").isNotNull();
                assertContainerHardened(c, where);
            }
            if ("platform".equals(pod.getContainers().get(0).getName())) {
                Container c = pod.getContainers().get(0);
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                // Quarkus' management interface: health and metrics are not on the port users reach.
                assertThat(List.of(
                                c.getLivenessProbe().getHttpGet().getPort().getStrVal(),
                                c.getReadinessProbe().getHttpGet().getPort().getStrVal(),
                                c.getStartupProbe().getHttpGet().getPort().getStrVal()))
                        .as(where + " probes")
                        .containsOnly("management");
                assertThat(c.getPorts())
                        .filteredOn(p -> "management".equals(p.getName()))
                        .extracting(p -> p.getContainerPort())
                        .containsExactly(9000);
                assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", "9000")
                        .containsEntry("prometheus.io/path", "/q/metrics");
                String role = d.getMetadata().getLabels().get("app.kubernetes.io/component");
                assertThat(env(c, "LAKEHOUSE_ROLES")).as(where + " role").isEqualTo(role);
            }
        }
        for (var j : objects(env, Job.class)) {
            PodSpec pod = j.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            List<Container> all = new ArrayList<>(pod.getContainers());
            all.addAll(pod.getInitContainers());
            all.forEach(c ->
                    assertContainerHardened(c, env + " Job/" + j.getMetadata().getName()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void secretsAreReferencedNeverInlined(String env) {
        assertThat(Charts.rendered(env))
                .as("no Secret objects in the chart")
                .noneMatch(doc -> "Secret".equals(doc.get("kind")));
        List<Container> containers = new ArrayList<>();
        objects(env, Deployment.class)
                .forEach(d ->
                        containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        objects(env, Job.class).forEach(j -> {
            containers.addAll(j.getSpec().getTemplate().getSpec().getContainers());
            containers.addAll(j.getSpec().getTemplate().getSpec().getInitContainers());
        });
        for (Container c : containers) {
            for (EnvVar e : c.getEnv()) {
                if (SECRET_NAME.matcher(e.getName()).matches()) {
                    assertThat(e.getValue())
                            .as("%s in %s must not be inlined", e.getName(), c.getName())
                            .isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef())
                            .as("%s from a Secret", e.getName())
                            .isNotNull();
                }
            }
        }
        // Spark pods are described inside the SparkApplication: same rule there.
        for (var doc : Charts.rendered(env)) {
            assertThat(String.valueOf(doc))
                    .as("no literal password in %s", doc.get("kind"))
                    .doesNotContainPattern("(?i)password[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9]{6,}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void everyImageIsPinned(String env) {
        for (var doc : Charts.rendered(env)) {
            collectImages(doc, new ArrayList<>())
                    .forEach(image -> assertThat(image)
                            .as("image in %s", doc.get("kind"))
                            .matches(PINNED_IMAGE)
                            .doesNotEndWith(":latest"));
        }
    }

    @Test
    void prodHasTheHighAvailabilityObjects() {
        var hpas = names(objects("prod", HorizontalPodAutoscaler.class));
        assertThat(hpas).containsExactlyInAnyOrder("lakehouse-validator", "lakehouse-api");
        assertThat(names(objects("prod", PodDisruptionBudget.class)))
                .contains("lakehouse-validator", "lakehouse-api", "lakehouse-registry");
        assertThat(names(objects("prod", NetworkPolicy.class))).contains("lakehouse-default-deny");
        assertThat(kinds("prod"))
                .contains("ServiceMonitor", "PodMonitor", "SparkApplication", "ScheduledSparkApplication");
        assertThat(names(objects("prod", Deployment.class)))
                .contains("lakehouse-validator", "lakehouse-api", "lakehouse-registry", "lakehouse-otel-collector")
                .doesNotContain("lakehouse-generator");
        var validator = objects("prod", Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("lakehouse-validator"))
                .findFirst()
                .orElseThrow();
        assertThat(validator.getSpec().getReplicas())
                .as("HPA owns the replica count")
                .isNull();
        assertThat(validator.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsEntry("workload", "general");
    }

    @Test
    void devRunsEveryRoleWithoutAutoscaling() {
        assertThat(names(objects("dev", Deployment.class)))
                .contains("lakehouse-generator", "lakehouse-validator", "lakehouse-api");
        assertThat(objects("dev", HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void bootstrapJobIsAHelmHookRunningBothCommands() {
        // Helm recognised the hook annotations if it kept the Job out of the plain manifest.
        assertThat(Charts.template("prod", Map.of())).doesNotContain("templates/bootstrap-job.yaml");
        var job = objects("prod", Job.class).stream().findFirst().orElseThrow();
        var pod = job.getSpec().getTemplate().getSpec();
        // The CLI's commands take no positional arguments: 'topics apply' would fail as an unknown parameter.
        assertThat(pod.getInitContainers().get(0).getArgs()).containsExactly("topics");
        assertThat(pod.getContainers().get(0).getArgs()).containsExactly("schemas");
        assertThat(env(pod.getContainers().get(0), "LAKEHOUSE_REGISTRY_URL")).endsWith("/apis/registry/v3");
    }

    @Test
    void sparkApplicationsCarryWhatTheOperatorRequires() {
        for (var doc : Charts.rendered("prod")) {
            String kind = (String) doc.get("kind");
            if (!kind.endsWith("SparkApplication")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            var spec = (Map<String, Object>) doc.get("spec");
            if (kind.equals("ScheduledSparkApplication")) {
                assertThat(spec).containsKeys("schedule", "template").containsEntry("concurrencyPolicy", "Forbid");
                @SuppressWarnings("unchecked")
                var template = (Map<String, Object>) spec.get("template");
                spec = template;
            }
            assertThat(spec)
                    .containsKeys(
                            "type",
                            "mode",
                            "image",
                            "mainClass",
                            "mainApplicationFile",
                            "sparkVersion",
                            "driver",
                            "executor");
            assertThat(spec.get("mainClass")).isEqualTo("dev.lakehouse.spark.LakehouseJobs");
            assertThat(String.valueOf(spec.get("sparkConf")))
                    .as("the catalog comes from lakehouse.catalog.*, not sparkConf")
                    .doesNotContain("spark.sql.catalog.lake");
            @SuppressWarnings("unchecked")
            var driver = (Map<String, Object>) spec.get("driver");
            assertThat(driver.get("serviceAccount")).isEqualTo("lakehouse-spark");
            assertThat(driver.get("nodeSelector"))
                    .as("Spark on the spark node group")
                    .isEqualTo(Map.of("workload", "spark"));
        }
    }

    /**
     * On AWS Iceberg maintenance is scheduled once, by this chart's ScheduledSparkApplication: the Dagster code
     * location leaves its maintenance job and schedule out in aws mode (orchestration/tests/test_aws_target.py holds
     * that half). A second object running `maintain` (a CronJob, another scheduled or always-on SparkApplication)
     * would run two maintenances on the same tables.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void maintenanceIsScheduledExactlyOnce(String env) {
        var runners = Charts.rendered(env).stream()
                .filter(doc -> hasListWith(doc, "maintain"))
                .map(doc -> doc.get("kind") + "/" + name(doc))
                .toList();
        assertThat(runners)
                .as("objects whose command or arguments run `maintain`")
                .containsExactly("ScheduledSparkApplication/lakehouse-maintain");
        assertThat(kinds(env)).doesNotContain("CronJob");
    }

    @Test
    void theSparkJobsConfigFileCarriesTheSharedKeys() {
        String file = configMapData("prod", "lakehouse-spark-config").get("lakehouse.properties");
        assertThat(file)
                .contains(
                        "lakehouse.catalog.type=glue",
                        "lakehouse.catalog.prop.\"glue.id\"=222222222222",
                        "lakehouse.kafka.option.\"security.protocol\"=SASL_SSL",
                        "lakehouse.checkpoint.dir=s3://")
                .as("no JDBC catalog settings leak into the Glue catalog")
                .doesNotContain("jdbc");
    }

    /**
     * Every setting the chart gives a program is a key the program reads: each LAKEHOUSE_* environment name (the
     * ConfigMap behind envFrom, and env of every container) is the environment spelling of a key in
     * docs/configuration.md, and every lakehouse.* line of a properties file the chart mounts is such a key.
     * Both programs refuse an unknown lakehouse.* key at start-up; this finds one before a deployment does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void everyKeyTheChartSetsIsInTheVocabulary(String env) throws Exception {
        Vocabulary vocabulary = Vocabulary.read(Charts.REPO.resolve("docs/configuration.md"));
        List<String> envNames = new ArrayList<>();
        List<String> propertyKeys = new ArrayList<>();
        for (var doc : Charts.rendered(env)) {
            if ("ConfigMap".equals(doc.get("kind"))) {
                @SuppressWarnings("unchecked")
                var data = (Map<String, String>) doc.getOrDefault("data", Map.of());
                data.forEach((k, v) -> {
                    if (k.endsWith(".properties")) {
                        v.lines()
                                .map(String::trim)
                                .filter(l -> l.startsWith("lakehouse."))
                                .map(l -> l.substring(0, l.indexOf('=')))
                                .forEach(propertyKeys::add);
                    } else {
                        envNames.add(k);
                    }
                });
            }
        }
        List<Container> containers = new ArrayList<>();
        objects(env, Deployment.class)
                .forEach(d ->
                        containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        for (var j : objects(env, Job.class)) {
            containers.addAll(j.getSpec().getTemplate().getSpec().getContainers());
            containers.addAll(j.getSpec().getTemplate().getSpec().getInitContainers());
        }
        containers.forEach(c -> c.getEnv().forEach(e -> envNames.add(e.getName())));
        Collection<Map<String, Object>> sparkApps = Charts.rendered(env).stream()
                .filter(d -> String.valueOf(d.get("kind")).endsWith("SparkApplication"))
                .toList();
        for (var app : sparkApps) {
            String yaml = String.valueOf(app);
            java.util.regex.Matcher m =
                    Pattern.compile("name=(LAKEHOUSE_[A-Z0-9_]+)").matcher(yaml);
            while (m.find()) {
                envNames.add(m.group(1));
            }
        }
        assertThat(propertyKeys)
                .as("%s: lakehouse.* keys in the chart's properties files", env)
                .isNotEmpty()
                .allSatisfy(k -> assertThat(vocabulary.hasKey(k))
                        .as("%s is a key of docs/configuration.md", k)
                        .isTrue());
        assertThat(envNames.stream().filter(n -> n.startsWith("LAKEHOUSE_")).toList())
                .as("%s: LAKEHOUSE_* names the chart sets", env)
                .contains("LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS")
                .allSatisfy(n -> assertThat(vocabulary.hasEnvironmentName(n))
                        .as("%s spells a key of docs/configuration.md", n)
                        .isTrue());
        assertThat(envNames)
                .as("%s: Quarkus' own Kafka names are not the vocabulary", env)
                .noneMatch(n -> n.startsWith("KAFKA_"));
    }

    /**
     * The PII key ring reaches Spark only as an environment variable from a Secret, and only the drivers that write
     * or re-key tokens get it: no ConfigMap, argument or value carries key material, and maintenance gets no key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void thePiiKeysComeFromASecretIntoTheSparkDriversThatNeedThem(String env) {
        String withRotation = Charts.template(env, Map.of("spark.rotate.enabled", "true"));
        List<Map<String, Object>> docs = Charts.documents(withRotation);
        Map<String, Map<String, Object>> apps = new java.util.TreeMap<>();
        for (var doc : docs) {
            String kind = String.valueOf(doc.get("kind"));
            @SuppressWarnings("unchecked")
            var meta = (Map<String, Object>) doc.get("metadata");
            if (kind.equals("ConfigMap")) {
                // Where the data subjects' keys are is no key and no secret (an S3 prefix, a KMS key ARN): the
                // programs need it beside their other settings. Everything else about keys stays out.
                String data = String.valueOf(doc.get("data"))
                        .replaceAll("lakehouse\\.pii\\.(subject-keys|kms-key-id)=\\S+", "");
                assertThat(data)
                        .as("%s ConfigMap/%s holds no key, key name or key setting", env, meta.get("name"))
                        .doesNotContainPattern("(?i)pii|hmac|v\\d+:[0-9a-f]{16,}");
            }
            if (kind.endsWith("SparkApplication")) {
                apps.put(String.valueOf(meta.get("name")), sparkSpec(doc));
            }
        }
        assertThat(withRotation)
                .as("%s: no key material or key setting anywhere in the rendered chart", env)
                .doesNotContainPattern("v\\d+:[0-9a-f]{16,}")
                .doesNotContain("hmac-key=", "key-store=");
        assertThat(apps).containsOnlyKeys("lakehouse-stream", "lakehouse-maintain", "lakehouse-keys-rotate");
        apps.forEach((name, spec) -> {
            assertThat(String.valueOf(spec.get("arguments")))
                    .as("%s %s arguments", env, name)
                    .doesNotContainIgnoringCase("key=")
                    .doesNotContain("--set");
            assertThat(executorEnv(spec))
                    .as("%s %s executors get no key", env, name)
                    .doesNotContainKey("LAKEHOUSE_PII_KEY");
            @SuppressWarnings("unchecked")
            var sparkConf = (Map<String, Object>) spec.get("sparkConf");
            assertThat(sparkConf)
                    .as(
                            "%s %s: the key travels to executors in task closures, over authenticated encrypted RPC",
                            env, name)
                    .containsEntry("spark.authenticate", "true")
                    .containsEntry("spark.network.crypto.enabled", "true");
        });
        for (String name : List.of("lakehouse-stream", "lakehouse-keys-rotate")) {
            Map<String, Object> key = driverEnv(apps.get(name)).get("LAKEHOUSE_PII_KEY");
            assertThat(key)
                    .as("%s %s driver gets LAKEHOUSE_PII_KEY", env, name)
                    .isNotNull()
                    .doesNotContainKey("value");
            assertThat(String.valueOf(key.get("valueFrom")))
                    .as("%s %s: from the Secret", env, name)
                    .isEqualTo("{secretKeyRef={name=lakehouse-pii-keys, key=keys}}");
        }
        assertThat(driverEnv(apps.get("lakehouse-maintain")))
                .as("%s: maintenance writes no token and gets no key", env)
                .doesNotContainKey("LAKEHOUSE_PII_KEY");
        assertThat(String.valueOf(apps.get("lakehouse-keys-rotate").get("arguments")))
                .isEqualTo("[keys, rotate, --config, /etc/lakehouse/lakehouse.properties]");
        assertThat(Charts.rendered(env))
                .as("%s: the rotation job is off unless asked for", env)
                .noneMatch(d -> String.valueOf(d.get("metadata")).contains("keys-rotate"));
    }

    /**
     * Where the data subjects' keys are (privacy.*) reaches the generator, which seals personal fields, and every
     * Spark application (silver opens them, erasure and maintenance shred keys), and no other role; an S3 location
     * without its KMS key, or a folder, fails the render instead of a start-up.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDataSubjectsKeysReachTheGeneratorAndEverySparkApplication(String env) {
        String account = env.equals("prod") ? "222222222222" : "111111111111";
        String location = "s3://lakehouse-" + env + "-subject-keys-" + account + "/subjects";
        String yaml = Charts.template(env, Map.of("roles.generator.enabled", "true", "spark.rotate.enabled", "true"));
        List<Map<String, Object>> docs = Charts.documents(yaml);
        Map<String, Map<String, String>> envByRole = new java.util.TreeMap<>();
        for (var doc : docs) {
            if ("Deployment".equals(doc.get("kind")) && Charts.typed(doc) instanceof Deployment d) {
                Container c =
                        d.getSpec().getTemplate().getSpec().getContainers().get(0);
                if (!c.getName().equals("platform")) {
                    continue; // the registry and the collector
                }
                Map<String, String> vars = new java.util.TreeMap<>();
                c.getEnv().forEach(e -> vars.put(e.getName(), String.valueOf(e.getValue())));
                envByRole.put(env(c, "LAKEHOUSE_ROLES"), vars);
            }
        }
        assertThat(envByRole).containsKeys("generator", "validator", "api");
        assertThat(envByRole.get("generator"))
                .containsEntry("LAKEHOUSE_PII_SUBJECT_KEYS", location)
                .hasEntrySatisfying(
                        "LAKEHOUSE_PII_KMS_KEY_ID",
                        v -> assertThat(v).matches("arn:aws:kms:eu-west-1:\\d{12}:key/[0-9a-f-]{36}"));
        envByRole.forEach((role, vars) -> {
            if (!role.equals("generator")) {
                assertThat(vars).as("%s %s", env, role).doesNotContainKeys("LAKEHOUSE_PII_SUBJECT_KEYS");
            }
        });
        String sparkConfig = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")) && name(d).equals("lakehouse-spark-config"))
                .map(d -> String.valueOf(((Map<?, ?>) d.get("data")).get("lakehouse.properties")))
                .findFirst()
                .orElseThrow();
        assertThat(sparkConfig.lines())
                .contains("lakehouse.pii.subject-keys=" + location)
                .anyMatch(l -> l.startsWith("lakehouse.pii.kms-key-id=arn:aws:kms:eu-west-1:"));
        List<Map<String, Object>> apps = docs.stream()
                .filter(d -> String.valueOf(d.get("kind")).endsWith("SparkApplication"))
                .toList();
        assertThat(apps)
                .extracting(HelmChartTest::name)
                .containsExactlyInAnyOrder("lakehouse-stream", "lakehouse-maintain", "lakehouse-keys-rotate");
        for (var app : apps) {
            Map<String, Object> spec = sparkSpec(app);
            assertThat(String.valueOf(spec.get("volumes")))
                    .as("%s %s reads the config file with the key settings", env, name(app))
                    .contains("lakehouse-spark-config");
            assertThat(String.valueOf(spec.get("arguments"))).contains("/etc/lakehouse/lakehouse.properties");
        }

        assertThat(Charts.template("default", Map.of()))
                .as("nothing rendered when privacy.* is not set")
                .doesNotContain("LAKEHOUSE_PII_SUBJECT_KEYS", "lakehouse.pii.subject-keys");
        assertThatThrownBy(() -> Charts.template(env, Map.of("privacy.kmsKeyId", "")))
                .hasMessageContaining("needs privacy.kmsKeyId");
        assertThatThrownBy(() -> Charts.template(
                        "default",
                        Map.of(
                                "privacy.kmsKeyId",
                                "arn:aws:kms:eu-west-1:" + "111111111111:key/00000000-0000-4000-8000-000000000001")))
                .hasMessageContaining("without privacy.subjectKeys");
        assertThatThrownBy(() -> Charts.template(env, Map.of("privacy.subjectKeys", "/var/lib/keys")))
                .as("a pod's folder loses every key with the pod")
                .hasMessageContaining("subjectKeys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void topicsGetTheEnvironmentsReplication(String env) {
        String rf = env.equals("prod") ? "3" : "1";
        String minIsr = env.equals("prod") ? "2" : "1";
        assertThat(configMapData(env, "lakehouse-config"))
                .as("%s: the roles' settings", env)
                .containsEntry("LAKEHOUSE_TOPICS_REPLICATION_FACTOR", rf)
                .containsEntry("LAKEHOUSE_TOPICS_MIN_INSYNC_REPLICAS", minIsr);
        var job = objects(env, Job.class).stream().findFirst().orElseThrow();
        Container topics =
                job.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(topics.getArgs()).containsExactly("topics");
        assertThat(env(topics, "LAKEHOUSE_TOPICS_REPLICATION_FACTOR"))
                .as("%s: replication the bootstrap Job's `topics` creates with", env)
                .isEqualTo(rf);
        assertThat(env(topics, "LAKEHOUSE_TOPICS_MIN_INSYNC_REPLICAS"))
                .as("%s: min.insync.replicas it sets", env)
                .isEqualTo(minIsr);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorFailsTheRender() {
        assertThatThrownBy(() -> Charts.template("prod", Map.of("topics.minInsyncReplicas", "4")))
                .hasMessageContaining("cannot exceed topics.replicationFactor");
    }

    @Test
    void theApiTrustsTheConfiguredIssuerOnly() {
        @SuppressWarnings("unchecked")
        var config = Charts.rendered("prod").stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .map(d -> (Map<String, String>) d.get("data"))
                .filter(data -> data.containsKey("QUARKUS_OIDC_AUTH_SERVER_URL"))
                .findFirst()
                .orElseThrow();
        assertThat(config)
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://login.example.com/realms/lakehouse-prod")
                .containsEntry("QUARKUS_OIDC_TOKEN_AUDIENCE", "lakehouse-api")
                .containsEntry("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles");
        assertThatThrownBy(() -> Charts.template("prod", Map.of("signIn.issuer", "login.example.com")))
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> Charts.template("prod", Map.of("signIn.audience", "")))
                .hasMessageContaining("audience");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod"})
    void metricsAndOpenApiAreOnlyOnManagementServices(String env) {
        var services = objects(env, Service.class);
        assertThat(services).isNotEmpty();
        for (var s : services) {
            var ports = s.getSpec().getPorts().stream().map(p -> p.getName()).toList();
            boolean scraped = "true".equals(s.getMetadata().getLabels().get("lakehouse.dev/metrics"));
            if (s.getMetadata().getName().endsWith("-management")) {
                assertThat(ports).as(s.getMetadata().getName()).containsExactly("management");
                assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
                assertThat(scraped).isTrue();
            } else {
                assertThat(ports).as(s.getMetadata().getName()).doesNotContain("management");
                assertThat(scraped)
                        .as(s.getMetadata().getName() + " is not scraped")
                        .isFalse();
            }
        }
        assertThat(names(services)).contains("lakehouse-api", "lakehouse-api-management");
    }

    @Test
    void valuesSchemaRejectsAnUnknownCatalogType() {
        assertThatThrownBy(() -> Charts.template("prod", Map.of("config.catalogType", "hive")))
                .hasMessageContaining("catalogType");
    }

    @Test
    void valuesSchemaRejectsTheLatestTag() {
        assertThatThrownBy(() -> Charts.template("prod", Map.of("spark.image.tag", "latest")))
                .hasMessageContaining("tag");
    }

    @Test
    void anEmptyImageTagFailsTheRender() {
        assertThatThrownBy(() -> Charts.template("default", Map.of("image.tag", "")))
                .hasMessageContaining("pinned tag");
    }

    // ---------------------------------------------------------------------------------------

    /** True when some list anywhere in the object holds `value` as an element (args, arguments, command). */
    private static boolean hasListWith(Object node, String value) {
        if (node instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> hasListWith(v, value));
        }
        if (node instanceof List<?> list) {
            return list.contains(value) || list.stream().anyMatch(v -> hasListWith(v, value));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> doc) {
        return String.valueOf(((Map<String, Object>) doc.get("metadata")).get("name"));
    }

    private static void assertContainerHardened(Container c, String where) {
        var sc = c.getSecurityContext();
        assertThat(sc).as(where + " securityContext").isNotNull();
        assertThat(sc.getAllowPrivilegeEscalation())
                .as(where + " allowPrivilegeEscalation")
                .isFalse();
        assertThat(sc.getReadOnlyRootFilesystem())
                .as(where + " readOnlyRootFilesystem")
                .isTrue();
        assertThat(sc.getCapabilities().getDrop())
                .as(where + " drops capabilities")
                .contains("ALL");
        assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> configMapData(String env, String name) {
        return Charts.rendered(env).stream()
                .filter(d -> "ConfigMap".equals(d.get("kind"))
                        && name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
                .map(d -> (Map<String, String>) d.get("data"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sparkSpec(Map<String, Object> doc) {
        var spec = (Map<String, Object>) doc.get("spec");
        return "ScheduledSparkApplication".equals(doc.get("kind")) ? (Map<String, Object>) spec.get("template") : spec;
    }

    private static Map<String, Map<String, Object>> driverEnv(Map<String, Object> spec) {
        return podEnv(spec, "driver");
    }

    private static Map<String, Map<String, Object>> executorEnv(Map<String, Object> spec) {
        return podEnv(spec, "executor");
    }

    /** name -> the env entry, of a SparkApplication's driver or executor. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> podEnv(Map<String, Object> spec, String pod) {
        var out = new java.util.TreeMap<String, Map<String, Object>>();
        var env = (List<Map<String, Object>>) ((Map<String, Object>) spec.get(pod)).getOrDefault("env", List.of());
        env.forEach(e -> out.put(String.valueOf(e.get("name")), e));
        return out;
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not set in " + c.getName()));
    }

    private static <T> List<T> objects(String env, Class<T> type) {
        return Charts.rendered(env).stream()
                .map(Charts::typed)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }

    private static Set<String> kinds(String env) {
        return Charts.rendered(env).stream().map(d -> (String) d.get("kind")).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static List<String> collectImages(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("image".equals(k) && v instanceof String s) {
                    out.add(s);
                } else {
                    collectImages(v, out);
                }
            });
        } else if (node instanceof Collection<?> list) {
            list.forEach(v -> collectImages(v, out));
        }
        return out;
    }

    /**
     * fabric8 models keep fields they do not know in additionalProperties instead of failing, so
     * a misspelt field (say `livenesProbe`) would pass a plain parse. Walk the typed tree and
     * require that nothing landed there.
     */
    private static void assertNoUnknownFields(Object node, String path) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object o : list) {
                assertNoUnknownFields(o, path + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> assertNoUnknownFields(v, path + "." + k));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("unknown fields at %s", path).isNullOrEmpty();
            } else {
                assertNoUnknownFields(value, path + "." + m.getName().substring(3));
            }
        }
    }
}
