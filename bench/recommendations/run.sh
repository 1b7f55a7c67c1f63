#!/usr/bin/env bash
# The recommender graded at full size on the simulation, through the whole pipeline: a lake built by
# orchestration/scripts/build_fixture.sh (generator with shoppers' tastes on -> Kafka -> validator -> Spark streams ->
# silver), then spark-jobs' recommend (item-to-item model and popularity, both graded on the same time split), then
# oracle.py: the ceiling of a recommender that knows every shopper's true favourite categories. Writes
# bench/results/recommendations.json (a full run: default options) or target/bench/recommendations.json.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
EVENTS=600000
TASTES=0.7:0.4
DIR=$ROOT/target/bench/recommendations-lake

usage() {
  cat <<HELP
Usage: bench/recommendations/run.sh [--events N] [--tastes STRENGTH:RATE] [--dir DIR]

Builds (or reuses) a lake of N generated records (default $EVENTS, seed 7, the default 4,000 visits an hour: about
20 simulated hours) with tastes $TASTES (docs/generator.md), runs 'lakehouse-jobs recommend' on it and grades the
truth-aware oracle on the same split. Ports: the fixture's (Kafka 42092, registry 41081), moved by
LAKEHOUSE_TEST_PORT_OFFSET. About 15 minutes here, most of it building the lake.
HELP
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$EVENTS $TASTES"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --tastes) TASTES=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
FULL_RUN=false
[ "$EVENTS $TASTES" = "$DEFAULT_SIZE" ] && FULL_RUN=true
OUT=$(result_file recommendations "$FULL_RUN")
OFFSET=${LAKEHOUSE_TEST_PORT_OFFSET:-0}

echo "bench: lake of $EVENTS records with tastes $TASTES in $DIR (load average $(cut -d' ' -f1-3 /proc/loadavg))"
FIXTURE_KAFKA_PORT=$((42092 + OFFSET)) FIXTURE_REGISTRY_PORT=$((41081 + OFFSET)) \
  FIXTURE_REGISTRY_MANAGEMENT_PORT=$((42001 + OFFSET)) \
  orchestration/scripts/build_fixture.sh "$DIR" --events "$EVENTS" --sessions-per-hour 4000 --tastes "$TASTES"

# shellcheck source=../../orchestration/scripts/spark_env.sh
source "$ROOT/orchestration/scripts/spark_env.sh"
echo "bench: recommend"
START=$(date +%s)
# shellcheck disable=SC2086
java $LAKEHOUSE_SPARK_JVM_FLAGS -Xmx2g -cp "$LAKEHOUSE_SPARK_CP" dev.lakehouse.spark.LakehouseJobs recommend \
  --data-dir "$DIR/lake" --set "lakehouse.pii.subject-keys=$DIR/subject-keys" > "$DIR/logs/recommend.log" 2>&1 \
  || { echo "bench: recommend failed; see $DIR/logs/recommend.log" >&2; exit 1; }
SECONDS_RECOMMEND=$(($(date +%s) - START))
grep -A5 '^model version' "$DIR/logs/recommend.log"

echo "bench: oracle (true favourite categories) on the same split"
# PySpark from the Dagster venv (BENCH_PYTHON: another interpreter with PySpark 3.5).
PYTHON=${BENCH_PYTHON:-}
if [ -z "$PYTHON" ]; then
  orchestration/setup.sh >/dev/null
  PYTHON=orchestration/.venv/bin/python
fi
FIGURES=$("$PYTHON" bench/recommendations/oracle.py "$DIR/lake" "$DIR/ledger" 2>"$DIR/logs/oracle.log") \
  || { echo "bench: oracle failed; see $DIR/logs/oracle.log" >&2; exit 1; }
python3 - "$OUT" "$FULL_RUN" "$EVENTS" "$TASTES" "$SECONDS_RECOMMEND" "$FIGURES" <<'PY'
import json, sys
out, full, events, tastes, seconds, figures = sys.argv[1:]
f = json.loads(figures)
strength, rate = tastes.split(":")
result = {"full_run": full == "true", "records": int(events), "sessions_per_hour": 4000, "seed": 7,
          "tastes_strength": float(strength), "tastes_complement_rate": float(rate),
          "model": "item-to-item (spark-jobs recommend), defaults", **f,
          "model_over_popularity": f["model_precision_at_10"] / f["popularity_precision_at_10"],
          "oracle_over_popularity": f["oracle_precision_at_10"] / f["popularity_precision_at_10"],
          "recommend_command_seconds": int(seconds)}
with open(out, "w") as fh:
    json.dump(result, fh, indent=1)
    fh.write("\n")
print(json.dumps(result, indent=1))
PY
echo "bench: wrote $OUT"
