#!/usr/bin/env bash
# Builds the images from docker/Dockerfile.* with podman, where no image registry can be reached: the bases are
# made from Debian's mirror instead of pulled. Upstream, with Docker, the same Dockerfiles build with `docker build`
# and their default bases (docs/deployment.md, section 1).
#
#   docker/build-images.sh                       every image: platform spark kafka registry s3
#   docker/build-images.sh platform kafka        only these
#   docker/build-images.sh --help
#
# Once per machine (kept in podman's storage, outside the repository):
#   local/debian:bookworm   debootstrap --variant=minbase bookworm, from the mirror in /etc/apt (LAKEHOUSE_DEBIAN_MIRROR)
#   local/jre:17            docker/Dockerfile.runtime: Debian's OpenJDK 17 JRE, curl, user 185
# and, for the Spark image, local/jdk-maven:17 (Dockerfile.runtime with a JDK and Maven, its build stage) and
# local/spark-base:3.5.7 (Dockerfile.spark-base: the JRE plus the jars spark-jobs runs on).
#
# Inputs: platform needs target/quarkus-app (./mvnw package -DskipTests); spark builds spark-jobs in its build
# stage with the host's Maven repository mounted, and its base takes the jars of spark-jobs/lakehouse-jobs
# --build-only; kafka, registry and s3 take the distributions that `local-stack/stack.sh fetch` downloads and
# checks against local-stack/checksums.sha256 (the releases that run on Java 17).
#
# Needs podman, runc and debootstrap (apt-get install podman runc debootstrap); it installs nothing itself.
# podman runs with the containers.conf written to target/containers/ (runc, explicit ulimits), named by
# CONTAINERS_CONF, so nothing in /etc changes. Prints each image's size and build time, and writes them
# to target/images/build-times.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VERSION=0.1.0
ALL=(platform spark kafka registry s3)
STAGE="$ROOT/target/images"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
say() { echo "build-images: $*"; }
die() { echo "build-images: error: $*" >&2; exit 1; }

images=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    platform|spark|kafka|registry|s3) images+=("$arg") ;;
    *) die "unknown argument '$arg' (images: ${ALL[*]}; see --help)" ;;
  esac
done
[ ${#images[@]} -gt 0 ] || images=("${ALL[@]}")

# --- tools and podman's settings ---------------------------------------------------------------
missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}. Install with: apt-get install ${missing[*]} (Debian/Ubuntu)"

mkdir -p "$ROOT/target/containers" "$STAGE"
export CONTAINERS_CONF="$ROOT/target/containers/containers.conf"
# crun fails on hybrid cgroups (as on this machine): runc. The sandbox cannot raise the default limits: explicit ones.
cat > "$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF

TIMES="$STAGE/build-times.txt"
: > "$TIMES"
# build NAME TAG DOCKERFILE [podman build options...]: builds from the repository root, records size and time.
build() {
  local name=$1 tag=$2 file=$3 start=$SECONDS log="$STAGE/$1.build.log"
  shift 3
  say "building $tag from $file (log: ${log#"$ROOT"/})"
  # Docker's image format: OCI images have no HEALTHCHECK, podman would drop it.
  if ! podman build --runtime runc --format docker -f "$file" -t "$tag" "$@" . > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "$tag did not build; full log: $log"
  fi
  local secs=$((SECONDS - start)) size
  size=$(podman image inspect --format '{{.Size}}' "$tag")
  printf '%-10s %-32s %5d MB %4d s\n' "$name" "$tag" $((size / 1000000)) "$secs" | tee -a "$TIMES"
}

# --- bases -------------------------------------------------------------------------------------
debian_mirror() {
  if [ -n "${LAKEHOUSE_DEBIAN_MIRROR:-}" ]; then echo "$LAKEHOUSE_DEBIAN_MIRROR"; return; fi
  # The first Debian archive (not security) listed in /etc/apt, deb822 or one-line format.
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | awk '/^URIs:/ {print $2} /^deb / {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; break}}' \
    | grep -E '/debian/?$' | head -n 1 || true
}

debian_base() {
  if podman image exists local/debian:bookworm; then return; fi
  local mirror dir start=$SECONDS
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*: set LAKEHOUSE_DEBIAN_MIRROR (e.g. http://deb.debian.org/debian)"
  dir=$(mktemp -d /var/tmp/lakehouse-debootstrap.XXXXXX)
  say "making local/debian:bookworm with debootstrap from $mirror (once per machine, about a minute)"
  if ! debootstrap --variant=minbase bookworm "$dir" "$mirror" > "$STAGE/debootstrap.log" 2>&1; then
    tail -n 20 "$STAGE/debootstrap.log" >&2; rm -rf "$dir"
    die "debootstrap failed (log: $STAGE/debootstrap.log); check that $mirror is reachable"
  fi
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | podman import -q - local/debian:bookworm > /dev/null
  rm -rf "$dir"
  local size
  size=$(podman image inspect --format '{{.Size}}' local/debian:bookworm)
  printf '%-10s %-32s %5d MB %4d s\n' debian local/debian:bookworm $((size / 1000000)) $((SECONDS - start)) | tee -a "$TIMES"
}

jre_base() {
  debian_base
  build jre local/jre:17 docker/Dockerfile.runtime --build-arg BASE_IMAGE=local/debian:bookworm
}

# --- staging (what the Dockerfiles copy from target/images/) -------------------------------------
ensure_fetched() { # the stack's own fetch and SHA-256 check, for the releases that run on Java 17
  if [ -z "${FETCHED:-}" ]; then
    say "fetching and checking the stack's distributions (local-stack/stack.sh fetch --for-java 17)"
    FETCHED=$(local-stack/stack.sh fetch --for-java 17 --dir "$ROOT/target/images/stack") \
      || die "local-stack/stack.sh fetch failed (above); Maven Central must be reachable"
  fi
}
fetched() { echo "$FETCHED" | sed -n "s/^$1=//p"; }

# Hard links where possible (same file system), else copies; the folder is rebuilt each time.
stage_files() { local dest=$1; shift; rm -rf "$dest"; mkdir -p "$dest"; cp -l "$@" "$dest/" 2>/dev/null || cp "$@" "$dest/"; }

stage_kafka() {
  local cp jars
  ensure_fetched
  cp=$(fetched KAFKA_CLASSPATH)
  IFS=: read -r -a jars <<< "$cp"
  stage_files "$STAGE/kafka/libs" "${jars[@]}"
}

stage_registry() {
  local jar home
  ensure_fetched
  jar=$(fetched REGISTRY_JAR)
  [ -f "$jar" ] || die "no registry jar from local-stack/stack.sh fetch"
  home=$(dirname "$jar")
  rm -rf "$STAGE/registry" && mkdir -p "$STAGE/registry"
  cp -al "$home/." "$STAGE/registry/" 2>/dev/null || cp -a "$home/." "$STAGE/registry/"
  rm -f "$STAGE/registry/.complete"
  mv "$STAGE/registry/$(basename "$jar")" "$STAGE/registry/registry.jar"
}

stage_s3() {
  local jar
  ensure_fetched
  jar=$(fetched S3MOCK_JAR)
  rm -rf "$STAGE/s3" && mkdir -p "$STAGE/s3"
  cp -l "$jar" "$STAGE/s3/s3mock.jar" 2>/dev/null || cp "$jar" "$STAGE/s3/s3mock.jar"
}

stage_spark() {
  say "resolving spark-jobs' runtime classpath (spark-jobs/lakehouse-jobs --build-only)"
  spark-jobs/lakehouse-jobs --build-only || die "spark-jobs did not build; see above"
  local jars
  IFS=: read -r -a jars < spark-jobs/target/run-classpath.txt || true  # no final newline
  stage_files "$STAGE/spark/jars" "${jars[@]}"
}

# --- images ------------------------------------------------------------------------------------
jre_base
for image in "${images[@]}"; do
  case "$image" in
    platform)
      [ -f target/quarkus-app/quarkus-run.jar ] || die "no target/quarkus-app: build the application first (./mvnw package -DskipTests)"
      build platform "lakehouse/platform:$VERSION" docker/Dockerfile.jvm --build-arg BASE_IMAGE=local/jre:17 ;;
    kafka)
      stage_kafka
      build kafka "lakehouse/kafka:$VERSION" docker/Dockerfile.kafka --build-arg BASE_IMAGE=local/jre:17 ;;
    registry)
      stage_registry
      build registry "lakehouse/registry:$VERSION" docker/Dockerfile.registry --build-arg BASE_IMAGE=local/jre:17 ;;
    s3)
      stage_s3
      build s3 "lakehouse/s3:$VERSION" docker/Dockerfile.s3 --build-arg BASE_IMAGE=local/jre:17 ;;
    spark)
      stage_spark
      build jdk local/jdk-maven:17 docker/Dockerfile.runtime --build-arg BASE_IMAGE=local/debian:bookworm \
        --build-arg PACKAGES="openjdk-17-jdk-headless maven"
      build spark-base local/spark-base:3.5.7 docker/Dockerfile.spark-base --build-arg BASE_IMAGE=local/jre:17
      # The build stage runs Maven; the host's repository spares it downloading Spark again, and the host's Java
      # trust store lets it reach Maven Central through the same TLS-inspecting proxy as the host (mounted for
      # the build only, never copied into an image).
      mkdir -p "$HOME/.m2/repository"
      trust=()
      [ -f /etc/ssl/certs/java/cacerts ] && trust=(--volume /etc/ssl/certs/java/cacerts:/etc/ssl/certs/java/cacerts:ro)
      build spark "lakehouse/spark-jobs:$VERSION" docker/Dockerfile.spark \
        --build-arg BUILD_IMAGE=local/jdk-maven:17 --build-arg BASE_IMAGE=local/spark-base:3.5.7 \
        --volume "$HOME/.m2/repository:/root/.m2/repository" "${trust[@]}" ;;
  esac
done
say "done; sizes and times in ${TIMES#"$ROOT"/}:"
cat "$TIMES"
