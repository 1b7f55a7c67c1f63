#!/usr/bin/env bash
# The local stack: a real Kafka broker (KRaft) and a real Apicurio schema registry, started as
# child processes from Maven Central artifacts. No Docker. Used by ./lakehouse, the tests
# (LocalStackResource) and CI, so all three run exactly the same parts.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=kafka-node.sh
. "$ROOT/local-stack/kafka-node.sh"

STACK_DIR=${LAKEHOUSE_STACK_DIR:-$ROOT/.stack}
KAFKA_PORT=${LAKEHOUSE_KAFKA_PORT:-29092}
CONTROLLER_PORT=${LAKEHOUSE_CONTROLLER_PORT:-29093}
BROKERS=${LAKEHOUSE_KAFKA_BROKERS:-1}
REGISTRY_PORT=${LAKEHOUSE_REGISTRY_PORT:-8081}
REGISTRY_MGMT_PORT=${LAKEHOUSE_REGISTRY_MANAGEMENT_PORT:-9001}
S3_PORT=${LAKEHOUSE_S3_PORT:-9090}
WITH_S3=${LAKEHOUSE_STACK_S3:-false}
S3_BUCKET=lakehouse
POSTGRES_PORT=${LAKEHOUSE_POSTGRES_PORT:-5432}
WITH_POSTGRES=${LAKEHOUSE_STACK_POSTGRES:-false}
POSTGRES_DB=lake
POSTGRES_USER=lakehouse
KEYCLOAK_PORT=${LAKEHOUSE_KEYCLOAK_PORT:-8088}
KEYCLOAK_MGMT_PORT=${LAKEHOUSE_KEYCLOAK_MANAGEMENT_PORT:-9180}
WITH_KEYCLOAK=${LAKEHOUSE_STACK_KEYCLOAK:-false}
KEYCLOAK_ONLY=false
KEYCLOAK_TIMEOUT=${LAKEHOUSE_KEYCLOAK_TIMEOUT:-300}
KEYCLOAK_REALM=lakehouse
READY_TIMEOUT=${LAKEHOUSE_STACK_TIMEOUT:-120}
FRESH=false
FOR_JAVA=21

# Artifacts are shared by every stack directory of this checkout (dev stack, test stack).
DIST_DIR=${LAKEHOUSE_STACK_DIST:-$ROOT/.stack-dist}
REGISTRY_VERSION_21=3.3.3   # needs Java 21+
REGISTRY_VERSION_17=3.0.9   # fallback that runs on Java 17
S3MOCK_VERSION_21=4.7.0     # S3-protocol server; needs Java 21+
S3MOCK_VERSION_17=3.12.0
KEYCLOAK_VERSION=26.5.6     # identity provider (OIDC sign-in); needs Java 21+

usage() {
  cat <<EOF
Usage: local-stack/stack.sh COMMAND [OPTIONS]

Starts and stops the platform's local Kafka broker and schema registry, without Docker.

Commands:
  up        start Kafka and the registry (reuses them if already running) and wait until healthy
  down      stop both cleanly
  status    show what is running, where, and its health
  env       print the connection settings as shell variables (LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS, ...)
  fetch     fetch and verify the distributions only (no start), print their paths as shell
            variables; --for-java N picks the releases that run on Java N (docker/build-images.sh)

Options (each also read from the environment variable shown):
  --dir DIR                    state, logs and PIDs         (LAKEHOUSE_STACK_DIR, default .stack)
  --kafka-port N               Kafka client listener         (LAKEHOUSE_KAFKA_PORT, default 29092)
  --controller-port N          KRaft controller listener     (LAKEHOUSE_CONTROLLER_PORT, default 29093)
  --brokers 1|3                Kafka nodes (each broker and controller); 3 is production's shape: replication 3,
                               min.insync.replicas 2; node i listens on the two ports above plus 2*(i-1)
                                                             (LAKEHOUSE_KAFKA_BROKERS, default 1)
  --registry-port N            registry HTTP API             (LAKEHOUSE_REGISTRY_PORT, default 8081)
  --registry-management-port N registry health endpoints     (LAKEHOUSE_REGISTRY_MANAGEMENT_PORT, default 9001)
  --with-s3                    also start an S3-protocol server (S3Mock) with bucket 'lakehouse'
                                                             (LAKEHOUSE_STACK_S3=true)
  --s3-port N                  its HTTP port; N+1 is taken too (LAKEHOUSE_S3_PORT, default 9090)
  --with-postgres              also start PostgreSQL (Debian's server binaries) with database 'lake',
                               user/password 'lakehouse', who may create databases
                               (LAKEHOUSE_STACK_POSTGRES=true)
  --postgres-port N            its port on 127.0.0.1         (LAKEHOUSE_POSTGRES_PORT, default 5432)
  --with-keycloak              also start Keycloak (OIDC sign-in) with the realm 'lakehouse' and its test users
                               from local-stack/keycloak/lakehouse-realm.json (LAKEHOUSE_STACK_KEYCLOAK=true)
  --keycloak-only              with 'up'/'down': Keycloak alone, no Kafka or registry (the tests' sign-in)
  --keycloak-port N            its HTTP port on 127.0.0.1    (LAKEHOUSE_KEYCLOAK_PORT, default 8088)
  --keycloak-management-port N its health endpoints          (LAKEHOUSE_KEYCLOAK_MANAGEMENT_PORT, default 9180)
  --fresh                      with 'up': delete the stack's data first (topics, schemas, database, S3 objects)
  --timeout SECONDS            how long 'up' waits for health (LAKEHOUSE_STACK_TIMEOUT, default 120)
  -h, --help                   this help

Java: Kafka runs on Java 17+ (java on PATH or JAVA_HOME). The registry wants Java 21+; it is
looked for in LAKEHOUSE_REGISTRY_JAVA, JAVA_HOME and the usual JDK folders, and without one
an older registry release that runs on Java 17 is used.
PostgreSQL: the newest /usr/lib/postgresql/*/bin (or LAKEHOUSE_POSTGRES_BIN); it refuses to run as
root, so as root it runs as the user 'postgres' (or 'nobody'), which then owns its data folder.
EOF
}

die() { echo "stack: error: $*" >&2; exit 1; }
say() { echo "stack: $*"; }

parse_args() {
  COMMAND=${1:-}
  [ -n "$COMMAND" ] || { usage; exit 2; }
  shift
  case "$COMMAND" in -h|--help|help) usage; exit 0 ;; esac
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) STACK_DIR=$2; shift 2 ;;
      --kafka-port) KAFKA_PORT=$2; shift 2 ;;
      --controller-port) CONTROLLER_PORT=$2; shift 2 ;;
      --brokers) BROKERS=$2; shift 2 ;;
      --registry-port) REGISTRY_PORT=$2; shift 2 ;;
      --registry-management-port) REGISTRY_MGMT_PORT=$2; shift 2 ;;
      --timeout) READY_TIMEOUT=$2; shift 2 ;;
      --fresh) FRESH=true; shift ;;
      --with-s3) WITH_S3=true; shift ;;
      --s3-port) S3_PORT=$2; shift 2 ;;
      --with-postgres) WITH_POSTGRES=true; shift ;;
      --postgres-port) POSTGRES_PORT=$2; shift 2 ;;
      --with-keycloak) WITH_KEYCLOAK=true; shift ;;
      --keycloak-only) WITH_KEYCLOAK=true; KEYCLOAK_ONLY=true; shift ;;
      --keycloak-port) KEYCLOAK_PORT=$2; shift 2 ;;
      --keycloak-management-port) KEYCLOAK_MGMT_PORT=$2; shift 2 ;;
      --for-java) FOR_JAVA=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done
  for p in KAFKA_PORT CONTROLLER_PORT REGISTRY_PORT REGISTRY_MGMT_PORT S3_PORT POSTGRES_PORT KEYCLOAK_PORT KEYCLOAK_MGMT_PORT READY_TIMEOUT; do
    [[ ${!p} =~ ^[0-9]+$ ]] || die "$p must be a number, got '${!p}'"
  done
  [[ $BROKERS =~ ^[13]$ ]] || die "--brokers must be 1 or 3 (a KRaft quorum needs an odd count), got '$BROKERS'"
  mkdir -p "$STACK_DIR"
  STACK_DIR=$(cd "$STACK_DIR" && pwd)
}

# --- processes -------------------------------------------------------------------------------

pid_of() { cat "$STACK_DIR/$1.pid" 2>/dev/null || true; }

is_running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
all_running() { local part; for part in $1; do is_running "$part" || return 1; done; }

# Kafka node i (1-based) is the part "kafka" (i = 1, so a one-node stack keeps its old names) or "kafka-i".
kafka_nodes() { printf 'kafka\n'; local i; for ((i = 2; i <= BROKERS; i++)); do printf 'kafka-%d\n' "$i"; done; }
node_index() { case $1 in kafka) echo 1 ;; *) echo "${1#kafka-}" ;; esac; }
node_port() { echo $((KAFKA_PORT + 2 * ($(node_index "$1") - 1))); }
node_controller_port() { echo $((CONTROLLER_PORT + 2 * ($(node_index "$1") - 1))); }
bootstrap_servers() { kafka_nodes | while read -r node; do printf '127.0.0.1:%s\n' "$(node_port "$node")"; done | paste -sd,; }
kafka_node_ready() { grep -q "Kafka Server started" "$STACK_DIR/logs/$1.log" 2>/dev/null && port_in_use "$(node_port "$1")"; }
kafka_ready() { local node; for node in $(kafka_nodes); do kafka_node_ready "$node" || return 1; done; }
registry_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$REGISTRY_MGMT_PORT/health/ready" 2>/dev/null; }
s3_ready() { curl -fsS -o /dev/null -H 'Accept: application/json' "http://127.0.0.1:$S3_PORT/actuator/health" 2>/dev/null; }
postgres_ready() { "$POSTGRES_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" 2>/dev/null; }
keycloak_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$KEYCLOAK_MGMT_PORT/health/ready" 2>/dev/null; }
parts() {
  if $KEYCLOAK_ONLY; then echo keycloak; return; fi
  kafka_nodes; echo registry; $WITH_S3 && echo s3; $WITH_POSTGRES && echo postgres; $WITH_KEYCLOAK && echo keycloak; true
}
part_ready() { case "$1" in kafka*) kafka_node_ready "$1" ;; *) "${1}_ready" ;; esac; }

stop_parts() { # stop_parts PART...: signals them all at once, then waits; a cluster's nodes must go together
  # (stopped one by one, the last one waits in vain for a quorum of controllers).
  local name pid pids=() names=()
  for name in "$@"; do
    pid=$(pid_of "$name")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      # PostgreSQL's SIGTERM waits for clients to leave; SIGINT is its fast (still clean) shutdown.
      kill "-$([ "$name" = postgres ] && echo INT || echo TERM)" "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$STACK_DIR/$name.pid"
  done
  local i
  for i in "${!pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} did not stop within 30 s, killing it"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    say "${names[$i]} stopped (pid ${pids[$i]})"
  done
}

# Stops every part a stack directory may hold, whatever this invocation's options: clients first, Kafka last.
stop_all() {
  stop_parts keycloak postgres s3 registry
  stop_parts kafka kafka-2 kafka-3
}

# --- Java ------------------------------------------------------------------------------------

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_java() { # find_java MIN_MAJOR -> path of a java binary or nothing
  local min=$1 candidate
  for candidate in "${LAKEHOUSE_REGISTRY_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" \
      /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
    local major
    major=$(java_major "$candidate" || true)
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then echo "$candidate"; return; fi
  done
}

# --- PostgreSQL ------------------------------------------------------------------------------

find_postgres_bin() {
  local dir
  # shellcheck disable=SC2012 # PostgreSQL's own version folders (digits only); ls for the order sort -V gives
  for dir in "${LAKEHOUSE_POSTGRES_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) \
      "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
}

as_postgres_user() { # the server refuses root; as anyone else it runs as that user
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$POSTGRES_OS_USER" -- "$@"; else "$@"; fi
}

# --- artifacts -------------------------------------------------------------------------------

maven() {
  if [ -x "$ROOT/mvnw" ]; then "$ROOT/mvnw" -B -q "$@"; else mvn -B -q "$@"; fi
}

CHECKSUMS="$ROOT/local-stack/checksums.sha256"

# verify_sha256 FILE...: each file's SHA-256 must be the one recorded for its name in local-stack/checksums.sha256.
# Nothing downloaded runs before it passes: a tampered or truncated artifact stops the stack, naming the file.
verify_sha256() {
  local file name want got
  for file in "$@"; do
    name=$(basename "$file")
    want=$(awk -v n="$name" '$2 == n {print $1}' "$CHECKSUMS")
    [ -n "$want" ] || die "no checksum recorded for $name in local-stack/checksums.sha256; check it against Maven Central's and add it"
    got=$(sha256sum "$file" | cut -d' ' -f1)
    [ "$got" = "$want" ] || die "$file has SHA-256 $got, not the recorded $want: the download is corrupt or not the published artifact; delete it and try again"
  done
}

# A fetched distribution is current when its marker holds what it was made from (the checksum recorded for it):
# compared by content, not modification time, so a fresh checkout or a second worktree sharing LAKEHOUSE_STACK_DIST
# never re-fetches (and deletes) a distribution that another stack is running from; a new version or checksum does.
recorded_sha256() { awk -v n="$1" '$2 == n {print $1}' "$CHECKSUMS"; }
is_current() { # is_current MARKER EXPECTED
  [ -f "$1" ] && [ -n "$2" ] && [ "$(cat "$1")" = "$2" ]
}

kafka_classpath() {
  local cp_file="$DIST_DIR/kafka.classpath" inputs
  inputs=$(cat "$ROOT/local-stack/pom.xml" "$CHECKSUMS" | sha256sum | cut -d' ' -f1)
  if [ ! -s "$cp_file" ] || ! is_current "$cp_file.inputs" "$inputs"; then
    say "resolving the Kafka broker jars from Maven Central (first run only)" >&2
    mkdir -p "$DIST_DIR"
    maven -f "$ROOT/local-stack/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file.tmp" >/dev/null \
      || die "could not resolve the Kafka jars; check that Maven Central is reachable"
    local jars
    IFS=: read -r -a jars < "$cp_file.tmp"
    verify_sha256 "${jars[@]}"
    mv "$cp_file.tmp" "$cp_file"
    echo "$inputs" > "$cp_file.inputs"
  fi
  cat "$cp_file"
}

registry_home() { # registry_home VERSION -> unpacked app folder
  local version=$1 home="$DIST_DIR/apicurio-registry-$1" classifier=all ext=tar.gz
  [ "$version" = "$REGISTRY_VERSION_17" ] && ext=zip
  local sha
  sha=$(recorded_sha256 "apicurio-registry-app-$version-$classifier.$ext")
  if ! is_current "$home/.complete" "$sha"; then
    say "fetching Apicurio Registry $version from Maven Central (first run only)" >&2
    rm -rf "$home" && mkdir -p "$home"
    # 3.0.9's POM names a parent that Central does not have, so Maven refuses it; the file itself is there,
    # and the checksum below decides either way.
    maven dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$version:$ext:$classifier" \
      -DoutputDirectory="$home" >/dev/null 2>&1 \
      || curl -fsSL -o "$home/apicurio-registry-app-$version-$classifier.$ext" \
        "https://repo.maven.apache.org/maven2/io/apicurio/apicurio-registry-app/$version/apicurio-registry-app-$version-$classifier.$ext" \
      || die "could not fetch apicurio-registry-app $version from Maven Central"
    verify_sha256 "$home"/*."$ext"
    # GNU tar, not maven's unpack: the latter truncates long file names.
    if [ "$ext" = tar.gz ]; then
      tar -xzf "$home"/*.tar.gz -C "$home" && rm -f "$home"/*.tar.gz
    else
      (cd "$home" && unzip -q ./*.zip && rm -f ./*.zip)
    fi
    echo "$sha" > "$home/.complete"
  fi
  echo "$home"
}

# --- up --------------------------------------------------------------------------------------

write_kafka_config() { # write_kafka_config NODE
  local node=$1 voters="" n
  for n in $(kafka_nodes); do voters+="${voters:+,}$(node_index "$n")@127.0.0.1:$(node_controller_port "$n")"; done
  mkdir -p "$STACK_DIR/$node"
  kafka_node_properties "$(node_index "$node")" "$voters" \
    "PLAINTEXT://127.0.0.1:$(node_port "$node"),CONTROLLER://127.0.0.1:$(node_controller_port "$node")" \
    "PLAINTEXT://127.0.0.1:$(node_port "$node")" "$STACK_DIR/$node/data" "$BROKERS" > "$STACK_DIR/$node/server.properties"
  kafka_log4j2_properties > "$STACK_DIR/$node/log4j2.properties"
}

# Everything slow or fallible before anything starts, so start-up times measure the parts alone.
prepare() {
  if $WITH_KEYCLOAK; then
    KEYCLOAK_JAVA=$(find_java 21)
    [ -n "$KEYCLOAK_JAVA" ] || die "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer: install a JDK 21+ or set LAKEHOUSE_REGISTRY_JAVA"
    KEYCLOAK_HOME=$(keycloak_home)
  fi
  if $KEYCLOAK_ONLY; then return; fi
  KAFKA_JAVA=$(find_java 17)
  [ -n "$KAFKA_JAVA" ] || die "Kafka needs Java 17 or newer: install a JDK 17+ or set JAVA_HOME"
  KAFKA_CP=$(kafka_classpath)
  REGISTRY_JAVA=$(find_java 21)
  local version=$REGISTRY_VERSION_21
  if [ -z "$REGISTRY_JAVA" ]; then
    REGISTRY_JAVA=$KAFKA_JAVA
    version=$REGISTRY_VERSION_17
    say "no Java 21+ found: using Apicurio Registry $version on Java 17"
  fi
  local home
  home=$(registry_home "$version")
  # shellcheck disable=SC2012 # the first runner jar of a distribution this script unpacked
  REGISTRY_JAR=$(ls "$home"/quarkus-run.jar "$home"/*-runner.jar "$home"/*/*-runner.jar 2>/dev/null | head -n 1 || true)
  [ -n "$REGISTRY_JAR" ] || die "no runnable jar in $home; delete that folder and retry"
  if $WITH_POSTGRES; then
    POSTGRES_BIN=$(find_postgres_bin)
    [ -n "$POSTGRES_BIN" ] || die "--with-postgres needs the PostgreSQL server binaries (apt-get install postgresql)"
    POSTGRES_OS_USER=postgres
    id -u postgres >/dev/null 2>&1 || POSTGRES_OS_USER=nobody
  fi
  if $WITH_S3; then
    S3_JAVA=$(find_java 21)
    local s3_version=$S3MOCK_VERSION_21
    [ -n "$S3_JAVA" ] || { S3_JAVA=$KAFKA_JAVA; s3_version=$S3MOCK_VERSION_17; }
    S3_JAR=$(s3mock_jar "$s3_version")
  fi
}

s3mock_jar() { # s3mock_jar VERSION -> verified executable jar
  local jar="$DIST_DIR/s3mock-$1-exec.jar" sha
  sha=$(recorded_sha256 "s3mock-$1-exec.jar")
  if [ ! -f "$jar" ] || ! is_current "$jar.verified" "$sha"; then
    say "fetching S3Mock $1 from Maven Central (first run only)" >&2
    maven dependency:copy -Dartifact="com.adobe.testing:s3mock:$1:jar:exec" -DoutputDirectory="$DIST_DIR" >/dev/null \
      || die "could not fetch com.adobe.testing:s3mock:$1"
    verify_sha256 "$jar"
    echo "$sha" > "$jar.verified"
  fi
  echo "$jar"
}

keycloak_home() { # keycloak_home -> unpacked and built Keycloak distribution
  local home="$DIST_DIR/keycloak-$KEYCLOAK_VERSION" sha
  sha=$(recorded_sha256 "keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz")
  if ! is_current "$home/.complete" "$sha"; then
    say "fetching Keycloak $KEYCLOAK_VERSION from Maven Central (first run only, ~160 MB)" >&2
    rm -rf "$home" "$home.download" && mkdir -p "$home.download"
    maven dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
      -DoutputDirectory="$home.download" >/dev/null \
      || die "could not fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION from Maven Central"
    verify_sha256 "$home.download"/*.tar.gz
    tar -xzf "$home.download"/*.tar.gz -C "$home.download"
    mv "$home.download/keycloak-$KEYCLOAK_VERSION" "$home" && rm -rf "$home.download"
    # Built once with the build options every start uses (in-memory database, health endpoints), so each start is
    # 'start --optimized': no re-build per start, and stacks sharing this folder never rebuild it under each other.
    JAVA_HOME=$(dirname "$(dirname "$KEYCLOAK_JAVA")") "$home/bin/kc.sh" build --db=dev-mem --health-enabled=true \
      > "$home/build.log" 2>&1 || die "building Keycloak failed, see $home/build.log"
    echo "$sha" > "$home/.complete"
  fi
  echo "$home"
}

# The distributions the stack runs, fetched and verified as for 'up', without starting anything; for the images
# (docker/build-images.sh), whose JRE is what --for-java says.
cmd_fetch() {
  [[ $FOR_JAVA =~ ^[0-9]+$ ]] || die "--for-java needs a Java major version, got '$FOR_JAVA'"
  local registry=$REGISTRY_VERSION_21 s3=$S3MOCK_VERSION_21 home
  if [ "$FOR_JAVA" -lt 21 ]; then registry=$REGISTRY_VERSION_17; s3=$S3MOCK_VERSION_17; fi
  echo "KAFKA_CLASSPATH=$(kafka_classpath)"
  home=$(registry_home "$registry")
  echo "REGISTRY_VERSION=$registry"
  # shellcheck disable=SC2012 # as above
  echo "REGISTRY_JAR=$(ls "$home"/quarkus-run.jar "$home"/*-runner.jar "$home"/*/quarkus-run.jar "$home"/*/*-runner.jar 2>/dev/null | head -n 1)"
  echo "S3MOCK_VERSION=$s3"
  echo "S3MOCK_JAR=$(s3mock_jar "$s3")"
}

start_kafka() {
  # One cluster id for every node of a fresh cluster (a node formatted with another id would not join).
  local cluster_id node
  cluster_id=$(sed -n 's/^cluster.id=//p' "$STACK_DIR/kafka/data/meta.properties" 2>/dev/null || true)
  [ -n "$cluster_id" ] || cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-22)
  for node in $(kafka_nodes); do
    write_kafka_config "$node"
    if [ ! -f "$STACK_DIR/$node/data/meta.properties" ]; then
      "$KAFKA_JAVA" -cp "$KAFKA_CP" -Dlog4j2.configurationFile="$STACK_DIR/$node/log4j2.properties" \
        kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$STACK_DIR/$node/server.properties" \
        > "$STACK_DIR/logs/$node-format.log" 2>&1 \
        || die "formatting Kafka storage failed, see $STACK_DIR/logs/$node-format.log"
    fi
    : > "$STACK_DIR/logs/$node.log"
    # A cluster's nodes share the machine: a smaller heap each.
    nohup "$KAFKA_JAVA" -Xms256m "$([ "$BROKERS" -gt 1 ] && echo -Xmx512m || echo -Xmx768m)" -XX:+UseG1GC \
      -Djava.awt.headless=true -Dlog4j2.configurationFile="$STACK_DIR/$node/log4j2.properties" \
      -cp "$KAFKA_CP" kafka.Kafka "$STACK_DIR/$node/server.properties" \
      >> "$STACK_DIR/logs/$node.log" 2>&1 < /dev/null &
    echo $! > "$STACK_DIR/$node.pid"
  done
}

start_registry() {
  : > "$STACK_DIR/logs/registry.log"
  # Serial GC and C1 only: the registry holds a few schemas, so start-up time and RSS matter more than peak speed.
  nohup "$REGISTRY_JAVA" -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$REGISTRY_MGMT_PORT" \
    -jar "$REGISTRY_JAR" >> "$STACK_DIR/logs/registry.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/registry.pid"
}

start_s3() {
  : > "$STACK_DIR/logs/s3.log"
  mkdir -p "$STACK_DIR/s3"
  # The main connector serves plain HTTP on loopback; S3Mock insists on a second plain-HTTP
  # connector (on all interfaces), parked on the next port. Full JIT (unlike the registry): S3Mock rewrites its
  # bucket index on every put, and a burst of thousands of dead letters is slow on C1 code alone.
  nohup "$S3_JAVA" -Xmx256m -XX:+UseSerialGC -jar "$S3_JAR" \
    --com.adobe.testing.s3mock.store.initialBuckets="$S3_BUCKET" \
    --com.adobe.testing.s3mock.store.root="$STACK_DIR/s3" \
    --server.ssl.enabled=false --server.address=127.0.0.1 --server.port="$S3_PORT" \
    --com.adobe.testing.s3mock.httpPort=$((S3_PORT + 1)) \
    >> "$STACK_DIR/logs/s3.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/s3.pid"
}

start_postgres() {
  local data="$STACK_DIR/postgres/data"
  mkdir -p "$STACK_DIR/postgres"
  if [ "$(id -u)" -eq 0 ]; then chown "$POSTGRES_OS_USER" "$STACK_DIR/postgres"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    # Local connections are trusted (the socket is in the data folder, which only the server's user can
    # enter); TCP asks for the password, as a managed database would.
    as_postgres_user "$POSTGRES_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 > "$STACK_DIR/logs/postgres-init.log" 2>&1 \
      || die "initdb failed, see $STACK_DIR/logs/postgres-init.log"
  fi
  : > "$STACK_DIR/logs/postgres.log"
  if [ "$(id -u)" -eq 0 ]; then chown "$POSTGRES_OS_USER" "$STACK_DIR/logs/postgres.log"; fi
  as_postgres_user "$POSTGRES_BIN/pg_ctl" start -D "$data" -l "$STACK_DIR/logs/postgres.log" -s -w \
    -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $data" > /dev/null \
    || fail_part postgres "did not start"
  head -n 1 "$data/postmaster.pid" > "$STACK_DIR/postgres.pid"
}

postgres_sql() { # postgres_sql SQL -> first column of the result, over the socket as the superuser
  as_postgres_user "$POSTGRES_BIN/psql" -h "$STACK_DIR/postgres/data" -p "$POSTGRES_PORT" -U postgres -d postgres \
    -tAq -v ON_ERROR_STOP=1 -c "$1"
}

create_postgres_database() {
  if [ -z "$(postgres_sql "SELECT 1 FROM pg_roles WHERE rolname = '$POSTGRES_USER'")" ]; then
    postgres_sql "CREATE ROLE $POSTGRES_USER LOGIN PASSWORD '$POSTGRES_USER'" >/dev/null
  fi
  # Tests give each run a database of its own (Iceberg's JDBC catalog looks for its tables in every schema).
  postgres_sql "ALTER ROLE $POSTGRES_USER CREATEDB" >/dev/null
  if [ -z "$(postgres_sql "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'")" ]; then
    postgres_sql "CREATE DATABASE $POSTGRES_DB OWNER $POSTGRES_USER" >/dev/null
    say "postgres: database '$POSTGRES_DB' created, owner '$POSTGRES_USER'"
  fi
}

start_keycloak() {
  : > "$STACK_DIR/logs/keycloak.log"
  mkdir -p "$STACK_DIR/keycloak"
  # A fresh admin password per start, readable only by this user: the admin account exists only to import the
  # realm below (the database is in memory, so every start imports it anew, as the registry registers schemas).
  # Local caches: no JGroups cluster listening on every interface, and no two local Keycloaks forming one.
  (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$STACK_DIR/keycloak/admin-password")
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$STACK_DIR/keycloak/admin-password") \
    JAVA_HOME=$(dirname "$(dirname "$KEYCLOAK_JAVA")") \
    JAVA_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true -Djava.io.tmpdir=$STACK_DIR/keycloak" \
    nohup "$KEYCLOAK_HOME/bin/kc.sh" start --optimized --cache=local --http-enabled=true --hostname-strict=false \
      --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MGMT_PORT" \
      >> "$STACK_DIR/logs/keycloak.log" 2>&1 < /dev/null &
  echo $! > "$STACK_DIR/keycloak.pid"
}

# The realm, its roles, clients and test users, from the file in the repository, through the admin API.
import_keycloak_realm() {
  local base="http://127.0.0.1:$KEYCLOAK_PORT" token
  token=$(curl -fsS --data-urlencode "password=$(cat "$STACK_DIR/keycloak/admin-password")" -d grant_type=password \
      -d client_id=admin-cli -d username=admin "$base/realms/master/protocol/openid-connect/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || true
  [ -n "$token" ] || fail_part keycloak "refused the admin sign-in needed to import the realm"
  if curl -fs -o /dev/null -H "Authorization: Bearer $token" "$base/admin/realms/$KEYCLOAK_REALM"; then return; fi
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "@$ROOT/local-stack/keycloak/lakehouse-realm.json" "$base/admin/realms" \
    || fail_part keycloak "did not accept local-stack/keycloak/lakehouse-realm.json"
  say "keycloak: realm '$KEYCLOAK_REALM' imported (users viewer, analyst, operator, privacy, nobody; password = user name)"
}

fail_part() { # fail_part NAME REASON
  local log="$STACK_DIR/logs/$1.log"
  echo "stack: error: $1 $2. Last lines of $log:" >&2
  tail -n 25 "$log" >&2 2>/dev/null || true
  stop_all >/dev/null
  exit 1
}

wait_ready() {
  local started=$SECONDS part pending
  pending=$(parts)
  while [ -n "$pending" ]; do
    for part in $pending; do
      is_running "$part" || fail_part "$part" "exited during start-up"
      if part_ready "$part"; then
        say "$part ready ($((SECONDS - started)) s)"
        pending=$(echo "$pending" | grep -vx "$part" || true)
      fi
    done
    [ -z "$pending" ] && return
    # Keycloak alone may take longer: on a busy laptop it needs minutes to create its master realm.
    local limit=$READY_TIMEOUT
    if [ "$pending" = keycloak ] && [ "$limit" -lt "$KEYCLOAK_TIMEOUT" ]; then limit=$KEYCLOAK_TIMEOUT; fi
    if [ $((SECONDS - started)) -ge "$limit" ]; then
      fail_part "$(echo "$pending" | head -n 1)" "was not ready within $limit s"
    fi
    sleep 0.5
  done
}

write_connection_files() {
  local bootstrap registry="http://127.0.0.1:$REGISTRY_PORT"
  bootstrap=$(bootstrap_servers)
  cat > "$STACK_DIR/stack.env" <<EOF
LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS=$bootstrap
LAKEHOUSE_REGISTRY_URL=$registry/apis/registry/v3
LAKEHOUSE_REGISTRY_CCOMPAT_URL=$registry/apis/ccompat/v7
EOF
  if $WITH_S3; then
    cat >> "$STACK_DIR/stack.env" <<EOF
LAKEHOUSE_QUARANTINE_BUCKET=$S3_BUCKET
QUARKUS_S3_ENDPOINT_OVERRIDE=http://127.0.0.1:$S3_PORT
QUARKUS_S3_PATH_STYLE_ACCESS=true
QUARKUS_S3_AWS_CREDENTIALS_TYPE=static
QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID=local
QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY=local
EOF
  fi
  if $WITH_POSTGRES; then
    cat >> "$STACK_DIR/stack.env" <<EOF
LAKEHOUSE_POSTGRES_JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB
LAKEHOUSE_POSTGRES_USER=$POSTGRES_USER
LAKEHOUSE_POSTGRES_PASSWORD=$POSTGRES_USER
EOF
  fi
  if $WITH_KEYCLOAK; then write_keycloak_connection; fi
  cat > "$STACK_DIR/stack.ports" <<EOF
KAFKA_PORT=$KAFKA_PORT
CONTROLLER_PORT=$CONTROLLER_PORT
BROKERS=$BROKERS
REGISTRY_PORT=$REGISTRY_PORT
REGISTRY_MGMT_PORT=$REGISTRY_MGMT_PORT
S3_PORT=$S3_PORT
WITH_S3=$WITH_S3
POSTGRES_PORT=$POSTGRES_PORT
WITH_POSTGRES=$WITH_POSTGRES
KEYCLOAK_PORT=$KEYCLOAK_PORT
KEYCLOAK_MGMT_PORT=$KEYCLOAK_MGMT_PORT
WITH_KEYCLOAK=$WITH_KEYCLOAK
EOF
  # Read by the Quarkus dev profile: with these set, Dev Services stay off.
  cat > "$STACK_DIR/stack.properties" <<EOF
kafka.bootstrap.servers=$bootstrap
lakehouse.registry.url=$registry/apis/registry/v3
mp.messaging.connector.smallrye-kafka.apicurio.registry.url=$registry/apis/registry/v3
EOF
  if $WITH_KEYCLOAK; then echo "quarkus.oidc.auth-server-url=$(keycloak_issuer)" >> "$STACK_DIR/stack.properties"; fi
}

keycloak_issuer() { echo "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM"; }

# The app's OIDC issuer (quarkus.oidc.auth-server-url in its environment spelling).
write_keycloak_connection() {
  echo "QUARKUS_OIDC_AUTH_SERVER_URL=$(keycloak_issuer)" >> "$STACK_DIR/stack.env"
}

# --keycloak-only: the identity provider alone (the tests share one per run; see KeycloakResource).
keycloak_only_up() {
  if is_running keycloak && keycloak_ready; then
    say "keycloak already running ($(keycloak_issuer))"
    return
  fi
  stop_parts keycloak >/dev/null
  for port in "$KEYCLOAK_PORT:--keycloak-port" "$KEYCLOAK_MGMT_PORT:--keycloak-management-port"; do
    port_in_use "${port%%:*}" && die "port ${port%%:*} is taken by another program: stop it, or choose another port with ${port#*:}"
  done
  mkdir -p "$STACK_DIR/logs"
  prepare
  start_keycloak
  wait_ready
  import_keycloak_realm
  : > "$STACK_DIR/stack.env"
  write_keycloak_connection
  say "keycloak up: issuer $(keycloak_issuer)"
}

cmd_up() {
  command -v curl >/dev/null || die "curl is needed to check the registry's health: install it (apt-get install curl)"
  if $KEYCLOAK_ONLY; then keycloak_only_up; return; fi
  if all_running "$(kafka_nodes)" && is_running registry && registry_ready && kafka_ready \
      && { ! $WITH_S3 || { is_running s3 && s3_ready; }; } \
      && { ! $WITH_POSTGRES || { is_running postgres && POSTGRES_BIN=$(find_postgres_bin) && postgres_ready; }; } \
      && { ! $WITH_KEYCLOAK || { is_running keycloak && keycloak_ready; }; }; then
    if $FRESH; then cmd_down; else
      write_connection_files
      say "already running (kafka $(bootstrap_servers), registry http://127.0.0.1:$REGISTRY_PORT)"
      return
    fi
  fi
  # A half-started stack from an earlier run: stop what is left before starting anew.
  local node; stop_all >/dev/null
  for port in $(for node in $(kafka_nodes); do echo "$(node_port "$node"):--kafka-port $(node_controller_port "$node"):--controller-port"; done) \
      "$REGISTRY_PORT:--registry-port" "$REGISTRY_MGMT_PORT:--registry-management-port" \
      $($WITH_S3 && echo "$S3_PORT:--s3-port $((S3_PORT + 1)):--s3-port") \
      $($WITH_POSTGRES && echo "$POSTGRES_PORT:--postgres-port") \
      $($WITH_KEYCLOAK && echo "$KEYCLOAK_PORT:--keycloak-port $KEYCLOAK_MGMT_PORT:--keycloak-management-port"); do
    port_in_use "${port%%:*}" && die "port ${port%%:*} is taken by another program: stop it, or choose another port with ${port#*:}"
  done
  # The S3 server deletes its objects when it stops cleanly; after a crash they stay, so --fresh deletes them too.
  if $FRESH; then
    rm -rf "$STACK_DIR"/kafka "$STACK_DIR"/kafka-[0-9] "$STACK_DIR/postgres" "$STACK_DIR/s3"
    say "fresh start: Kafka, PostgreSQL and S3 data deleted"
  fi
  mkdir -p "$STACK_DIR/logs"
  prepare
  start_kafka
  start_registry
  if $WITH_S3; then start_s3; fi
  if $WITH_POSTGRES; then start_postgres; fi
  if $WITH_KEYCLOAK; then start_keycloak; fi
  wait_ready
  if $WITH_POSTGRES; then create_postgres_database; fi
  if $WITH_KEYCLOAK; then import_keycloak_realm; fi
  write_connection_files
  say "up; state and logs in $STACK_DIR (stop with: local-stack/stack.sh down${STACK_DIR:+ --dir $STACK_DIR})"
}

cmd_down() {
  if $KEYCLOAK_ONLY; then stop_parts keycloak; rm -f "$STACK_DIR/stack.env"; return; fi
  stop_all
  rm -f "$STACK_DIR/stack.env" "$STACK_DIR/stack.properties"
}

cmd_status() {
  local rc=0
  # shellcheck disable=SC1091
  [ -f "$STACK_DIR/stack.ports" ] && . "$STACK_DIR/stack.ports"
  local node
  for node in $(kafka_nodes); do
    if is_running "$node"; then
      say "$(printf '%-9s' "$node") pid $(pid_of "$node")  127.0.0.1:$(node_port "$node")  $(kafka_node_ready "$node" && echo ready || echo starting)"
    else say "$(printf '%-9s' "$node") stopped"; rc=3; fi
  done
  if is_running registry; then
    say "registry  pid $(pid_of registry)  http://127.0.0.1:$REGISTRY_PORT  $(registry_ready && echo ready || echo starting)"
  else say "registry  stopped"; rc=3; fi
  if is_running s3; then
    say "s3        pid $(pid_of s3)  http://127.0.0.1:$S3_PORT (bucket $S3_BUCKET)  $(s3_ready && echo ready || echo starting)"
  fi
  if is_running postgres; then
    POSTGRES_BIN=$(find_postgres_bin)
    say "postgres  pid $(pid_of postgres)  jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$POSTGRES_DB (user $POSTGRES_USER)  $(postgres_ready && echo ready || echo starting)"
  fi
  if is_running keycloak; then
    say "keycloak  pid $(pid_of keycloak)  $(keycloak_issuer)  $(keycloak_ready && echo ready || echo starting)"
  fi
  say "logs in $STACK_DIR/logs"
  return $rc
}

parse_args "$@"
case "$COMMAND" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  fetch) cmd_fetch ;;
  env) [ -f "$STACK_DIR/stack.env" ] || die "the stack in $STACK_DIR is not running (start it with: local-stack/stack.sh up)"; cat "$STACK_DIR/stack.env" ;;
  *) die "unknown command '$COMMAND' (see --help)" ;;
esac
