{{/* Chart name, truncated to the 63 characters a DNS label allows. */}}
{{- define "lakehouse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lakehouse.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: {{ include "lakehouse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "ctx" $ "component" "api"). */}}
{{- define "lakehouse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lakehouse.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "lakehouse.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "lakehouse.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create=false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse.sparkServiceAccountName" -}}
{{- if .Values.spark.serviceAccount.create -}}
{{- default (printf "%s-spark" (include "lakehouse.fullname" .)) .Values.spark.serviceAccount.name -}}
{{- else -}}
{{- required "spark.serviceAccount.name is required when spark.serviceAccount.create=false" .Values.spark.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, or repository@digest when a digest is set; an empty tag fails the render. */}}
{{- define "lakehouse.image" -}}
{{- if .digest -}}
{{- printf "%s@%s" .repository .digest -}}
{{- else -}}
{{- printf "%s:%s" .repository (required (printf "a pinned tag is required for %s" .repository) .tag) -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse.registryUrl" -}}
{{- if .Values.config.registryUrl -}}
{{- .Values.config.registryUrl -}}
{{- else -}}
{{- printf "http://%s-registry:8080/apis/registry/v3" (include "lakehouse.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "lakehouse.otlpEndpoint" -}}
{{- if .Values.config.otlpEndpoint -}}
{{- .Values.config.otlpEndpoint -}}
{{- else -}}
{{- printf "http://%s-otel-collector:4317" (include "lakehouse.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Non-secret platform settings, shared by the ConfigMap and the hook Job (which may run
     before the ConfigMap of an upgrade is applied, so it cannot read it). Names are the environment
     spelling of the keys in docs/configuration.md (lakehouse.catalog.type is LAKEHOUSE_CATALOG_TYPE);
     HelmChartTest holds every LAKEHOUSE_* name here to that list. */}}
{{- define "lakehouse.configData" -}}
LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS: {{ .Values.config.kafkaBootstrapServers | quote }}
LAKEHOUSE_REGISTRY_URL: {{ include "lakehouse.registryUrl" . | quote }}
QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: {{ include "lakehouse.otlpEndpoint" . | quote }}
LAKEHOUSE_CATALOG_TYPE: {{ .Values.config.catalogType | quote }}
LAKEHOUSE_CATALOG_WAREHOUSE: {{ .Values.config.warehouse | quote }}
LAKEHOUSE_QUARANTINE_BUCKET: {{ .Values.config.quarantineBucket | quote }}
AWS_REGION: {{ .Values.config.awsRegion | quote }}
QUARKUS_CONFIG_LOCATIONS: /etc/lakehouse/lakehouse.properties
QUARKUS_OIDC_AUTH_SERVER_URL: {{ required "signIn.issuer: the OIDC issuer whose tokens the API accepts (docs/security.md)" .Values.signIn.issuer | quote }}
QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH: {{ .Values.signIn.roleClaimPath | quote }}
QUARKUS_OIDC_TOKEN_AUDIENCE: {{ .Values.signIn.audience | quote }}
LAKEHOUSE_SIGN_IN_DASHBOARD_CLIENT_ID: {{ .Values.signIn.dashboardClientId | quote }}
{{- with .Values.signIn.browserIssuer }}
LAKEHOUSE_SIGN_IN_BROWSER_ISSUER: {{ . | quote }}
{{- end }}
{{- if gt (int .Values.topics.minInsyncReplicas) (int .Values.topics.replicationFactor) }}
{{- fail (printf "topics.minInsyncReplicas (%v) cannot exceed topics.replicationFactor (%v): no write could succeed" .Values.topics.minInsyncReplicas .Values.topics.replicationFactor) }}
{{- end }}
LAKEHOUSE_TOPICS_REPLICATION_FACTOR: {{ .Values.topics.replicationFactor | quote }}
LAKEHOUSE_TOPICS_MIN_INSYNC_REPLICAS: {{ .Values.topics.minInsyncReplicas | quote }}
{{- if eq .Values.config.catalogType "jdbc" }}
LAKEHOUSE_CATALOG_URI: {{ .Values.config.catalogUri | quote }}
LAKEHOUSE_CATALOG_JDBC_USER: {{ .Values.config.catalogJdbcUser | quote }}
{{- end }}
{{- range $k, $v := .Values.config.extraEnv }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}

{{/* The key families (lakehouse.kafka.option.<p>, lakehouse.catalog.prop.<p>) as properties: their
     dotted names cannot be environment variables. Both programs read these lines (the app quotes a
     dotted map key; spark-jobs drops the quotes). */}}
{{- define "lakehouse.familyProperties" -}}
{{- range $k, $v := .Values.config.kafkaOptions }}
lakehouse.kafka.option."{{ $k }}"={{ $v }}
{{- end }}
{{- range $k, $v := .Values.config.catalogProps }}
lakehouse.catalog.prop."{{ $k }}"={{ $v }}
{{- end }}
{{- end -}}

{{/* spark-jobs' --config file: the shared keys from .Values.config, then spark.jobConfig (its own keys). */}}
{{- define "lakehouse.sparkProperties" -}}
lakehouse.kafka.bootstrap-servers={{ .Values.config.kafkaBootstrapServers }}
lakehouse.registry.url={{ include "lakehouse.registryUrl" . }}
lakehouse.catalog.type={{ .Values.config.catalogType }}
lakehouse.catalog.warehouse={{ .Values.config.warehouse }}
{{- if eq .Values.config.catalogType "jdbc" }}
lakehouse.catalog.uri={{ .Values.config.catalogUri }}
lakehouse.catalog.jdbc.user={{ .Values.config.catalogJdbcUser }}
{{- end }}
lakehouse.checkpoint.dir={{ .Values.spark.checkpointDir }}
lakehouse.stream.metrics-port={{ .Values.metrics.sparkPort }}
{{- include "lakehouse.subjectKeyProperties" . }}
{{ include "lakehouse.familyProperties" . }}
{{ .Values.spark.jobConfig }}
{{- end -}}

{{/* Where the data subjects' keys are (privacy.*), checked once for every place that renders them: an s3://
     location needs the KMS key that wraps its keys, as SubjectKeySettings insists at start-up. */}}
{{- define "lakehouse.subjectKeys" -}}
{{- $p := .Values.privacy }}
{{- if and (hasPrefix "s3://" $p.subjectKeys) (not $p.kmsKeyId) }}
{{- fail (printf "privacy.subjectKeys = %s needs privacy.kmsKeyId: keys on S3 are wrapped by AWS KMS (terraform output subject_keys_kms_key_arn)" $p.subjectKeys) }}
{{- end }}
{{- if and $p.kmsKeyId (not $p.subjectKeys) }}
{{- fail "privacy.kmsKeyId is set without privacy.subjectKeys: name the s3://bucket/prefix of the keys it wraps (terraform output subject_keys_location)" }}
{{- end }}
{{- end -}}

{{/* The generator's environment: lakehouse.pii.subject-keys and lakehouse.pii.kms-key-id in their env spelling. */}}
{{- define "lakehouse.subjectKeyEnv" -}}
{{- include "lakehouse.subjectKeys" . }}
{{- with .Values.privacy.subjectKeys }}
- name: LAKEHOUSE_PII_SUBJECT_KEYS
  value: {{ . | quote }}
{{- end }}
{{- with .Values.privacy.kmsKeyId }}
- name: LAKEHOUSE_PII_KMS_KEY_ID
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The same two keys as lines of spark-jobs' --config file: every Spark application gets them (silver opens
     sealed fields, erasure shreds keys); executors get them from the driver inside the jobs' settings. */}}
{{- define "lakehouse.subjectKeyProperties" -}}
{{- include "lakehouse.subjectKeys" . }}
{{- with .Values.privacy.subjectKeys }}
lakehouse.pii.subject-keys={{ . }}
{{- end }}
{{- with .Values.privacy.kmsKeyId }}
lakehouse.pii.kms-key-id={{ . }}
{{- end }}
{{- end -}}

{{/* The catalog password comes from a Secret by reference (only the JDBC catalog needs one). */}}
{{- define "lakehouse.secretEnv" -}}
{{- if eq .Values.config.catalogType "jdbc" }}
- name: LAKEHOUSE_CATALOG_JDBC_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.catalogPassword.existingSecret }}
      key: {{ .Values.catalogPassword.key }}
{{- end }}
{{- end -}}

{{/* checkov skips that hold for every workload of this chart, with their reasons. */}}
{{- define "lakehouse.checkovSkips" -}}
checkov.io/skip1: CKV_K8S_43=Images are pinned by release tag; set image.digest to pin by digest once the release pipeline publishes one
checkov.io/skip2: CKV_K8S_35=Secret values come from secretKeyRef (never inlined); the Quarkus config reads them from env by convention
{{- end -}}

{{/* Writable scratch space, since the root filesystem is read-only (JVM perf data, Kafka client, Netty). */}}
{{- define "lakehouse.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{/* The platform's volumes: scratch space and the key families' properties file (QUARKUS_CONFIG_LOCATIONS). */}}
{{- define "lakehouse.platformVolumes" -}}
{{ include "lakehouse.tmpVolume" . }}
- name: lakehouse-properties
  configMap:
    name: {{ include "lakehouse.fullname" . }}-properties
{{- end -}}

{{- define "lakehouse.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: lakehouse-properties
  mountPath: /etc/lakehouse
  readOnly: true
{{- end -}}

{{/* Env list for the hook Job: the ConfigMap data inlined, plus the secret references. */}}
{{- define "lakehouse.jobEnv" -}}
{{- range $k, $v := (include "lakehouse.configData" . | fromYaml) }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
- name: OTEL_SERVICE_NAME
  value: lakehouse-bootstrap
{{- include "lakehouse.secretEnv" . }}
{{- end -}}

{{/* Body of a SparkApplication spec; call with (dict "ctx" $ "job" "stream" "spec" $spec). */}}
{{- define "lakehouse.sparkAppSpec" -}}
{{- $ctx := .ctx }}
{{- $s := $ctx.Values.spark }}
{{- $labels := dict "app.kubernetes.io/instance" $ctx.Release.Name "app.kubernetes.io/component" "spark" "app.kubernetes.io/name" (printf "spark-%s" .job) }}
type: Java
mode: cluster
sparkVersion: {{ $s.sparkVersion | quote }}
image: {{ include "lakehouse.image" $s.image }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
mainClass: {{ $s.mainClass }}
mainApplicationFile: {{ $s.mainApplicationFile }}
{{- if eq .job "rotate" }}
arguments: ["keys", "rotate", "--config", "/etc/lakehouse/lakehouse.properties"]
{{- else }}
arguments: [{{ .job | quote }}, "--config", "/etc/lakehouse/lakehouse.properties"]
{{- end }}
restartPolicy:
  {{- if eq .job "stream" }}
  # The query resumes from its checkpoint, so restarting is always safe.
  type: Always
  onFailureRetryInterval: 30
  onSubmissionFailureRetryInterval: 60
  {{- else }}
  type: Never
  {{- end }}
# The catalog (spark.sql.catalog.lake.*) is set by spark-jobs itself from the lakehouse.catalog.* keys of
# its --config file, as everywhere else.
sparkConf:
  spark.sql.extensions: org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions
  spark.kubernetes.driver.service.deleteOnTermination: "true"
  # Java 17 needs these for Spark's off-heap buffers and Iceberg's readers.
  spark.driver.extraJavaOptions: "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
  spark.executor.extraJavaOptions: "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
  # The PII keys reach the executors inside the token functions' task closures: authenticate and encrypt the
  # driver-executor traffic (Spark generates a secret per application on Kubernetes).
  spark.authenticate: "true"
  spark.network.crypto.enabled: "true"
volumes:
  - name: lakehouse-config
    configMap:
      name: {{ include "lakehouse.fullname" $ctx }}-spark-config
driver:
  {{- with $s.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  cores: {{ .spec.driver.cores }}
  memory: {{ .spec.driver.memory | quote }}
  serviceAccount: {{ include "lakehouse.sparkServiceAccountName" $ctx }}
  labels:
    {{- toYaml $labels | nindent 4 }}
  {{- if eq .job "stream" }}
  # The streams' Prometheus endpoint (GET /metrics; docs/observability.md).
  ports:
    - name: metrics
      containerPort: {{ $ctx.Values.metrics.sparkPort }}
      protocol: TCP
  {{- if $ctx.Values.metrics.podAnnotations }}
  annotations:
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $ctx.Values.metrics.sparkPort | quote }}
    prometheus.io/path: /metrics
  {{- end }}
  {{- end }}
  env:
    - name: AWS_REGION
      value: {{ $ctx.Values.config.awsRegion | quote }}
    {{- if eq $ctx.Values.config.catalogType "jdbc" }}
    - name: LAKEHOUSE_CATALOG_JDBC_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ $ctx.Values.catalogPassword.existingSecret }}
          key: {{ $ctx.Values.catalogPassword.key }}
    {{- end }}
    {{- if has .job (list "stream" "rotate") }}
    # The jobs read the ring from the variable lakehouse.pii.hmac-key-env names (default LAKEHOUSE_PII_KEY).
    - name: LAKEHOUSE_PII_KEY
      valueFrom:
        secretKeyRef:
          name: {{ $ctx.Values.piiKeys.existingSecret }}
          key: {{ $ctx.Values.piiKeys.key }}
    {{- end }}
  securityContext:
    {{- toYaml $s.securityContext | nindent 4 }}
  volumeMounts:
    - name: lakehouse-config
      mountPath: /etc/lakehouse
      readOnly: true
executor:
  {{- with $s.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  instances: {{ .spec.executor.instances }}
  cores: {{ .spec.executor.cores }}
  memory: {{ .spec.executor.memory | quote }}
  serviceAccount: {{ include "lakehouse.sparkServiceAccountName" $ctx }}
  labels:
    {{- toYaml $labels | nindent 4 }}
  env:
    - name: AWS_REGION
      value: {{ $ctx.Values.config.awsRegion | quote }}
  securityContext:
    {{- toYaml $s.securityContext | nindent 4 }}
  volumeMounts:
    - name: lakehouse-config
      mountPath: /etc/lakehouse
      readOnly: true
{{- end -}}

{{/* Labels of a pod template: the common labels plus the selector ones, each key once. */}}
{{- define "lakehouse.podLabels" -}}
{{ include "lakehouse.labels" .ctx }}
app.kubernetes.io/name: {{ include "lakehouse.name" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}
