#!/usr/bin/env bash
# Validator throughput: the validator against a plain kafka-clients consume-produce loop with the
# same transactional settings, on the same pre-filled topic, in one run on this machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RECORDS=1000000
STACK_DIR=$ROOT/bench/.stack-validator
KAFKA=127.0.0.1:49292
REGISTRY=http://127.0.0.1:48281/apis/registry/v3
HTTP_PORT=48280
MANAGEMENT_PORT=48282
# The JVM as the container image runs it: a small serial-GC heap suits one validation thread.
JVM_OPTS="-Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m"

usage() {
  cat <<HELP
Usage: bench/validator/run.sh [--records N] [--jvm-opts "OPTIONS"]

Fills the raw orders topic with N valid orders (default $RECORDS), then copies it twice:
  baseline  a plain kafka-clients loop: read_committed, one transaction per poll, acks=all,
            idempotence, lz4, linger 5 ms, 128 KiB batches, no decoding
  ours      the packaged validator (decode with the registry schema, every rule, duplicate filter)
            with the same producer settings, JVM options: $JVM_OPTS
Prints records/s of both, the ratio and the validator's peak RSS, and writes
bench/results/validator.json (a full run: default options) or target/bench/validator.json. Starts and stops its own stack (ports 49292, 48281, 49201).
HELP
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$RECORDS $JVM_OPTS"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --jvm-opts) JVM_OPTS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }

say "building the platform and the benchmark classes"
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

say "starting a fresh stack in $STACK_DIR"
local-stack/stack.sh up --fresh --dir "$STACK_DIR" --kafka-port 49292 --controller-port 49293 \
  --registry-port 48281 --registry-management-port 49201
trap 'local-stack/stack.sh down --dir "$STACK_DIR" >/dev/null' EXIT
# shellcheck disable=SC2206 # the JVM options are words
APP=(env LAKEHOUSE_KAFKA_BOOTSTRAP_SERVERS="$KAFKA" LAKEHOUSE_REGISTRY_URL="$REGISTRY" QUARKUS_OTEL_SDK_DISABLED=true
     java $JVM_OPTS -jar target/quarkus-app/quarkus-run.jar)
"${APP[@]}" topics >/dev/null
"${APP[@]}" schemas >/dev/null

say "pre-filling $RECORDS orders"
java -cp "$CP" dev.lakehouse.bench.PrefillOrders "$KAFKA" "$REGISTRY" "$RECORDS" | grep -v '^\s*$' | tail -1

say "baseline: plain transactional copy loop"
BASELINE=$(java -cp "$CP" dev.lakehouse.bench.PlainCopyLoop "$KAFKA" "$RECORDS" 2>/dev/null | tee /dev/stderr \
  | awk '/^baseline:/ {print $(NF-1)}')

say "ours: the validator"
LAKEHOUSE_ROLES=validator QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT LAKEHOUSE_VALIDATOR_GROUP_ID=bench-validator \
  "${APP[@]}" > target/bench-validator.log 2>&1 &
PID=$!
counted() {
  curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" 2>/dev/null \
    | awk '/^lakehouse_validator_records_total\{/ && /topic="commerce.orders.raw"/ {sum += $NF} END {printf "%d", sum}'
}
start=""; done_at=""; peak=0
while kill -0 $PID 2>/dev/null; do
  n=$(counted || echo 0); n=${n:-0}
  now=$(date +%s.%N)
  [ -z "$start" ] && [ "$n" -gt 0 ] && { start=$now; first=$n; }
  rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$PID/status 2>/dev/null || echo 0)
  [ "$rss" -gt "$peak" ] && peak=$rss
  if [ "$n" -ge "$RECORDS" ]; then done_at=$now; break; fi
  sleep 0.5
done
kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true
[ -n "$done_at" ] || { echo "the validator stopped early; see target/bench-validator.log" >&2; exit 1; }
OURS=$(awk -v n="$RECORDS" -v f="$first" -v s="$start" -v e="$done_at" 'BEGIN {printf "%.0f", (n - f) / (e - s)}')
RATIO=$(awk -v o="$OURS" -v b="$BASELINE" 'BEGIN {printf "%.2f", o / b}')

printf '\n%-12s %14s\n' "" "records/s"
printf '%-12s %14s\n' "baseline" "$BASELINE" "validator" "$OURS"
printf '%-12s %14s   (target >= 0.7)\n' "ratio" "$RATIO"
printf '%-12s %14s   (target < 400 MB)\n' "RSS peak MB" "$peak"
FULL_RUN=false
[ "$RECORDS $JVM_OPTS" = "$DEFAULT_SIZE" ] && FULL_RUN=true
RESULT=$(result_file validator "$FULL_RUN")
cat > "$RESULT" <<JSON
{"ours": $OURS, "baseline": $BASELINE, "ratio": $RATIO, "full_run": $FULL_RUN, "records": $RECORDS, "rss_mb": $peak, "jvm_opts": "$JVM_OPTS"}
JSON
say "written $RESULT"
