#!/usr/bin/env bash
# Builds a small lake through the real pipeline, for the warehouse tests and the dbt benchmark:
#   generator (fixed seed, ledger) -> raw topics -> validator -> valid topics
#   -> LakehouseJobs stream --available-now -> lake.bronze / silver / gold (Iceberg, embedded catalog)
# Starts its own Kafka + registry (local-stack/stack.sh, ports 42092/42093/41081/42001) and stops them.
#
# Usage: orchestration/scripts/build_fixture.sh OUT_DIR [--events N] [--seed S] [--from INSTANT]
#          [--sessions-per-hour N] [--faults] [--tastes STRENGTH:COMPLEMENT_RATE]
# Result: OUT_DIR/lake (data dir: catalog.db, warehouse/), OUT_DIR/ledger (ledger.jsonl, summary.json),
#         OUT_DIR/fixture.json (what was built). An OUT_DIR holding a fixture.json with the same arguments,
#         built by the same pipeline code (src/, spark-jobs/src/), is reused as it is.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${1:?usage: build_fixture.sh OUT_DIR [--events N] [--seed S] [--from INSTANT] [--sessions-per-hour N] [--faults]}
shift
EVENTS=20000
SEED=7
FROM=2026-10-01T00:00:00Z
SESSIONS_PER_HOUR=150   # few visits an hour: 20k events span about a day and a half (hours, days, erasures)
FAULTS=--no-faults
TASTES=0:0   # shoppers' tastes (docs/generator.md), off; bench/recommendations/run.sh turns them on
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --from) FROM=$2; shift 2 ;;
    --sessions-per-hour) SESSIONS_PER_HOUR=$2; shift 2 ;;
    --faults) FAULTS=""; shift ;;
    --tastes) TASTES=$2; shift 2 ;;
    *) echo "build_fixture: unknown option '$1'" >&2; exit 2 ;;
  esac
done
KAFKA_PORT=${FIXTURE_KAFKA_PORT:-42092}
REGISTRY_PORT=${FIXTURE_REGISTRY_PORT:-41081}
# The validator's ports (HTTP, and the management one that serves its metrics to this script): any free ones will
# do. A fixed port in the ephemeral range (32768-60999) can be held by some client socket of an earlier test, which
# stops Quarkus at start.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
VALIDATOR_HTTP_PORT=${FIXTURE_HTTP_PORT:-$(free_port)}
VALIDATOR_MANAGEMENT_PORT=${FIXTURE_MANAGEMENT_PORT:-$(free_port)}
KAFKA=127.0.0.1:$KAFKA_PORT
ARGS="events=$EVENTS seed=$SEED from=$FROM sessions-per-hour=$SESSIONS_PER_HOUR faults=${FAULTS:-on}"
[ "$TASTES" = 0:0 ] || ARGS="$ARGS tastes=$TASTES"
# The code that built the lake: a lake left by older generator, validator or stream code must not pass for this
# code's (git tree ids, plus a digest of uncommitted changes; empty outside a git checkout).
PIPELINE=$(cd "$ROOT" && { { git rev-parse HEAD:src HEAD:spark-jobs/src 2>/dev/null
  git diff HEAD -- src spark-jobs/src 2>/dev/null | sha1sum | cut -c1-12; } | paste -sd- || true; })
ARGS="$ARGS pipeline=$PIPELINE"

say() { printf '\033[1m[fixture] %s\033[0m\n' "$*" >&2; }

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ -f "$OUT/fixture.json" ] && grep -qF "\"args\": \"$ARGS\"" "$OUT/fixture.json"; then
  say "reusing $OUT ($ARGS)"
  exit 0
fi
rm -rf "$OUT/lake" "$OUT/ledger" "$OUT/stack" "$OUT/fixture.json"
mkdir -p "$OUT/logs"

# --- build what is missing (the app jar and the spark-jobs classes + classpath) ---
cd "$ROOT"
APP_JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$APP_JAR" ]; then
  say "building the platform"
  ./mvnw -B -q package -DskipTests
fi
# shellcheck source=spark_env.sh
source "$ROOT/orchestration/scripts/spark_env.sh"

# --- stack ---
stop_stack() {
  if [ -n "${VALIDATOR_PID:-}" ] && kill "$VALIDATOR_PID" 2>/dev/null; then wait "$VALIDATOR_PID" 2>/dev/null || true; fi
  local-stack/stack.sh down --dir "$OUT/stack" >/dev/null 2>&1 || true
}
trap stop_stack EXIT
say "starting Kafka $KAFKA_PORT and the registry $REGISTRY_PORT"
local-stack/stack.sh up --fresh --dir "$OUT/stack" --kafka-port "$KAFKA_PORT" --controller-port "$((KAFKA_PORT + 1))" \
  --registry-port "$REGISTRY_PORT" --registry-management-port "${FIXTURE_REGISTRY_MANAGEMENT_PORT:-42001}" >&2
# The data subjects' keys (docs/privacy.md): the generator seals with them, silver opens with them; beside the
# fixture's lake, never inside it, and fresh with every fixture.
SUBJECT_KEYS="$OUT/subject-keys"
rm -rf "$SUBJECT_KEYS"
APP=(env LAKEHOUSE_GENERATOR_TASTES_STRENGTH="${TASTES%%:*}" LAKEHOUSE_GENERATOR_TASTES_COMPLEMENT_RATE="${TASTES##*:}"
     LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS="$KAFKA" LAKEHOUSE_REGISTRY_URL="http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3"
     LAKEHOUSE_PII_SUBJECT_KEYS="$SUBJECT_KEYS" QUARKUS_OTEL_SDK_DISABLED=true java -Xmx256m -XX:+UseSerialGC -jar "$APP_JAR")
"${APP[@]}" topics > "$OUT/logs/topics.log" 2>&1
"${APP[@]}" schemas > "$OUT/logs/schemas.log" 2>&1

say "generating $ARGS"
# shellcheck disable=SC2086
"${APP[@]}" generate --events "$EVENTS" --seed "$SEED" --from "$FROM" --sessions-per-hour "$SESSIONS_PER_HOUR" \
  $FAULTS --ledger "$OUT/ledger" > "$OUT/logs/generate.log" 2>&1 \
  || { echo "build_fixture: generate failed; the end of $OUT/logs/generate.log:" >&2; tail -n 20 "$OUT/logs/generate.log" >&2; exit 1; }
RECORDS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$OUT/ledger/summary.json")

say "validating $RECORDS records (raw -> valid topics)"
LAKEHOUSE_ROLES=validator QUARKUS_HTTP_PORT=$VALIDATOR_HTTP_PORT QUARKUS_MANAGEMENT_PORT=$VALIDATOR_MANAGEMENT_PORT \
  "${APP[@]}" > "$OUT/logs/validator.log" 2>&1 &
VALIDATOR_PID=$!
counted() {
  curl -fsS "http://127.0.0.1:$VALIDATOR_MANAGEMENT_PORT/q/metrics" 2>/dev/null \
    | awk '/^lakehouse_validator_records_total\{/ {sum += $NF} END {printf "%d", sum}'
}
deadline=$((SECONDS + 600))
until [ "$(counted || echo 0)" -ge "$RECORDS" ] 2>/dev/null; do
  if ! kill -0 "$VALIDATOR_PID" 2>/dev/null; then
    echo "build_fixture: the validator exited; the end of $OUT/logs/validator.log:" >&2
    tail -n 30 "$OUT/logs/validator.log" >&2
    exit 1
  fi
  [ $SECONDS -lt $deadline ] || { echo "build_fixture: the validator did not finish in 10 min" >&2; exit 1; }
  sleep 1
done
kill "$VALIDATOR_PID"; wait "$VALIDATOR_PID" 2>/dev/null || true; VALIDATOR_PID=

say "streaming into bronze/silver/gold (available-now)"
# The PII key from the environment, never a command-line argument (the jobs refuse one there).
# shellcheck disable=SC2086
LAKEHOUSE_PII_KEY=fixture-key-0123456789 java $LAKEHOUSE_SPARK_JVM_FLAGS -Xmx1g -cp "$LAKEHOUSE_SPARK_CP" dev.lakehouse.spark.LakehouseJobs stream --available-now \
  --data-dir "$OUT/lake" --set "lakehouse.kafka.bootstrap-servers=$KAFKA" \
  --set "lakehouse.registry.url=http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3" \
  --set "lakehouse.pii.subject-keys=$SUBJECT_KEYS" > "$OUT/logs/stream.log" 2>&1 \
  || { echo "build_fixture: stream failed; see $OUT/logs/stream.log" >&2; exit 1; }

cat > "$OUT/fixture.json" <<JSON
{"args": "$ARGS", "records": $RECORDS, "data_dir": "$OUT/lake", "ledger": "$OUT/ledger"}
JSON
say "fixture ready in $OUT"
