#!/usr/bin/env bash
# Spark ingest benchmark: Kafka -> bronze Iceberg vs Kafka -> plain Parquet (same topic, trigger, partitions),
# freshness produce -> silver at a steady rate with a 5 s trigger, and the driver's peak RSS.
# Starts its own Kafka + registry (local-stack/stack.sh, own dir and ports); not part of the test suite.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROWS=1000000
RATE=5000
SECONDS_LIVE=60
MAX_OFFSETS=250000
HEAP=1g
RESULT=""
WORK="$ROOT/bench/spark/target"
KEEP_STACK=false

usage() {
  cat <<USAGE
Usage: bench/spark/run.sh [options]

Pre-fills a raw topic, then in one JVM (local[2]):
  1. Kafka -> lake.bronze.events (decode + Iceberg)  vs  Kafka -> plain Parquet file sink,
     same raw topics, available-now trigger, maxOffsetsPerTrigger and ingest-day partitioning, run
     A B A B (the warm second run of each counts): rows/s and ratio
  2. freshness event produced -> visible in lake.silver.clickstream (p50/p95) at a steady rate, 5 s trigger,
     bronze, silver and gold running; then silver alone
  3. the driver's peak RSS (VmHWM)
and writes bench/results/spark_ingest.json (a full run: default sizes) or target/bench/spark_ingest.json.

Options:
  --rows N              records pre-filled (default $ROWS)
  --rate N              events/s for the freshness run (default $RATE)
  --seconds N           length of the freshness run (default $SECONDS_LIVE)
  --max-offsets N       maxOffsetsPerTrigger for both sinks (default $MAX_OFFSETS)
  --heap SIZE           driver -Xmx (default $HEAP)
  --result FILE         where to write the JSON (default: see above)
  --keep-stack          leave Kafka and the registry running afterwards
  -h, --help            this help

Environment: BENCH_JAVA_OPTS is added to the driver's JVM options (e.g. a JFR recording:
  BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile).
The 1-minute load average is recorded with every figure: on a shared machine the figures vary with it.
USAGE
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$ROWS $RATE $SECONDS_LIVE $MAX_OFFSETS $HEAP"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --seconds) SECONDS_LIVE=$2; shift 2 ;;
    --max-offsets) MAX_OFFSETS=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --result) RESULT=$2; shift 2 ;;
    --keep-stack) KEEP_STACK=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

FULL_RUN=false
[ "$ROWS $RATE $SECONDS_LIVE $MAX_OFFSETS $HEAP" = "$DEFAULT_SIZE" ] && FULL_RUN=true
[ -n "$RESULT" ] || RESULT=$(result_file spark_ingest "$FULL_RUN")

STACK=(--dir "$WORK/stack" --kafka-port 59092 --controller-port 59093 --registry-port 58081 --registry-management-port 59001)
echo "bench: building spark-jobs and resolving its classpath"
# shellcheck source=spark-jobs/jvm-env.sh
source "$ROOT/spark-jobs/jvm-env.sh"   # the classpath and JVM flags every local spark-jobs JVM uses
spark_jobs_build
CP=$(spark_jobs_classpath)
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" "$ROOT/bench/spark/IngestBench.java"

echo "bench: starting Kafka and the registry"
"$ROOT/local-stack/stack.sh" up "${STACK[@]}" --fresh
$KEEP_STACK || trap '"$ROOT/local-stack/stack.sh" down --dir "$WORK/stack" >/dev/null 2>&1 || true' EXIT
rm -rf "$WORK/run" && mkdir -p "$WORK/run"

echo "bench: rows=$ROWS rate=$RATE/s for ${SECONDS_LIVE}s maxOffsetsPerTrigger=$MAX_OFFSETS heap=$HEAP"
# shellcheck disable=SC2046,SC2086
SPARK_LOCAL_IP=127.0.0.1 java -Xmx"$HEAP" $(spark_jobs_jvm_flags) ${BENCH_JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$ROOT/spark-jobs/src/test/resources/log4j2.properties" \
  -cp "$WORK/classes:$CP" IngestBench 127.0.0.1:59092 http://127.0.0.1:58081/apis/ccompat/v7 \
  "$WORK/run" "$ROWS" "$RATE" "$SECONDS_LIVE" "$MAX_OFFSETS" "$RESULT" "$FULL_RUN"
echo "bench: result"
cat "$RESULT"
