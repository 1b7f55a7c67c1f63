#!/usr/bin/env bash
# The image test: builds every image from docker/Dockerfile.* (docker/build-images.sh), then runs each one and
# asserts it answers:
#   platform  /q/health/live is UP on the management port (published, and the image's own HEALTHCHECK); the
#             public port answers 404 to /q/metrics, /q/openapi and /q/health
#   kafka     the image's HEALTHCHECK, then a Kafka round trip from the host (the platform's `topics --dry-run`)
#   registry  /health/ready is UP and the v3 API answers
#   s3        /actuator/health is UP and the bucket `lakehouse` is listed
#   spark     lakehouse-jobs --help runs in the image (a Spark driver needs a Kafka and a lake: not here)
# Ports are the defaults + 500, on 127.0.0.1 (app 8580, its management port 8582, Kafka 29592, registry 8581,
# S3 9590); every container started is removed at the end, also on failure.
#
#   docker/test-images.sh [--no-build]     --no-build: test the images already built
#
# Needs what docker/build-images.sh needs, and target/quarkus-app (./mvnw package -DskipTests).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VERSION=0.1.0
TIMEOUT=${LAKEHOUSE_IMAGE_TEST_TIMEOUT:-120}
say() { echo "test-images: $*"; }
failures=()
fail() { echo "test-images: FAILED: $*" >&2; failures+=("$1"); }

case "${1:-}" in
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  --no-build) BUILD=false ;;
  "") BUILD=true ;;
  *) echo "test-images: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

START=$SECONDS
if $BUILD; then
  docker/build-images.sh || { echo "test-images: FAILED: the images did not build" >&2; exit 1; }
fi
export CONTAINERS_CONF="$ROOT/target/containers/containers.conf"
[ -f "$CONTAINERS_CONF" ] || { echo "test-images: no $CONTAINERS_CONF: run docker/build-images.sh first" >&2; exit 1; }
BUILT=$SECONDS

PREFIX="lakehouse-image-test-$$"
started=()
cleanup() {
  for c in "${started[@]}"; do podman rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

run() { # run NAME IMAGE [podman run options and arguments...]
  local name="$PREFIX-$1" image=$2
  shift 2
  started+=("$name")
  podman run -d --name "$name" "$@" "$image" > /dev/null
}

# wait_for NAME CHECK...: runs CHECK until it succeeds; the container must keep running meanwhile.
wait_for() {
  local name=$1 t0=$SECONDS
  shift
  while ! "$@" > /dev/null 2>&1; do
    if [ "$(podman inspect -f '{{.State.Running}}' "$PREFIX-$name" 2>/dev/null)" != true ]; then
      podman logs --tail 30 "$PREFIX-$name" >&2 2>&1 || true
      fail "$name" "container exited"; return 1
    fi
    if [ $((SECONDS - t0)) -ge "$TIMEOUT" ]; then
      podman logs --tail 30 "$PREFIX-$name" >&2 2>&1 || true
      fail "$name" "no answer within $TIMEOUT s to: $*"; return 1
    fi
    sleep 1
  done
  say "$name answers ($((SECONDS - t0)) s): $*"
}

healthy() { # the image's own HEALTHCHECK, run by podman
  podman healthcheck run "$PREFIX-$1" > /dev/null 2>&1
}
check_healthcheck() {
  if healthy "$1"; then say "$1: HEALTHCHECK passes (podman healthcheck run)"; else fail "$1" "its HEALTHCHECK fails"; fi
}
live_up() { curl -fsS http://127.0.0.1:8582/q/health/live | grep -q '"status": *"UP"'; }
public_port_closed_to_metrics() { # health, metrics and OpenAPI are on the management port only
  local path code
  for path in /q/metrics /q/openapi /q/health; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8580$path")
    [ "$code" = 404 ] || { echo "public port answers $path with $code" >&2; return 1; }
  done
  curl -fsS http://127.0.0.1:8582/q/metrics | grep -q '^jvm_'
}
registry_up() { curl -fsS http://127.0.0.1:8581/health/ready | grep -q '"status": *"UP"'; }
registry_api() { curl -fsS http://127.0.0.1:8581/apis/registry/v3/system/info | grep -q '"name"'; }
s3_up() { curl -fsS -H 'Accept: application/json' http://127.0.0.1:9590/actuator/health | grep -q '"status": *"UP"'; }
s3_bucket() { curl -fsS http://127.0.0.1:9590/ | grep -q '<Name>lakehouse</Name>'; }
kafka_round_trip() { # a metadata round trip through the Kafka protocol, from the host: the broker is new, so
  # `topics --dry-run` finds every topic missing and exits with 3; an unreachable broker gives another code.
  local rc=0
  LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:29592 timeout 60 java -jar target/quarkus-app/quarkus-run.jar topics --dry-run || rc=$?
  [ "$rc" -eq 3 ] || [ "$rc" -eq 0 ]
}

# All four start together (each waits for nothing), then each is checked.
run platform "lakehouse/platform:$VERSION" -p 127.0.0.1:8580:8080 -p 127.0.0.1:8582:9000 -e LAKEHOUSE_ROLES=api
run kafka "lakehouse/kafka:$VERSION" -p 127.0.0.1:29592:9092 -e KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:29592
run registry "lakehouse/registry:$VERSION" -p 127.0.0.1:8581:8080
run s3 "lakehouse/s3:$VERSION" -p 127.0.0.1:9590:9090

if wait_for platform live_up; then
  check_healthcheck platform
  if public_port_closed_to_metrics; then say "platform: metrics, OpenAPI and health on the management port only"
  else fail platform "the public port serves management endpoints, or the management port no metrics"; fi
fi
if wait_for kafka healthy kafka; then
  say "kafka: HEALTHCHECK passes (podman healthcheck run)"
  if out=$(kafka_round_trip 2>&1); then say "kafka: topics --dry-run from the host answered"
  else echo "$out" | tail -n 20 >&2; fail kafka "topics --dry-run against 127.0.0.1:29592 failed"; fi
fi
if wait_for registry registry_up && wait_for registry registry_api; then check_healthcheck registry; fi
if wait_for s3 s3_up && wait_for s3 s3_bucket; then check_healthcheck s3; fi

if out=$(podman run --rm "lakehouse/spark-jobs:$VERSION" lakehouse-jobs --help 2>&1) && echo "$out" | grep -q stream; then
  say "spark-jobs: lakehouse-jobs --help runs in the image"
else
  echo "$out" | tail -n 20 >&2; fail spark "lakehouse-jobs --help did not run in the image"
fi

for c in platform kafka registry s3; do
  user=$(podman exec "$PREFIX-$c" id -u 2>/dev/null || echo "?")
  [ "$user" = 185 ] || fail "$c" "runs as uid $user, not 185"
done

say "build $((BUILT - START)) s, checks $((SECONDS - BUILT)) s"
if [ ${#failures[@]} -gt 0 ]; then
  echo "test-images: failed: ${failures[*]}" >&2
  exit 1
fi
say "all images built and answered"
