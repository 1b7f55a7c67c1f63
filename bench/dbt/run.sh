#!/usr/bin/env bash
# dbt benchmark: wall time and peak memory of a full `dbt build` (models, snapshots, tests) on a lake of N events
# (default 1,000,000) built through the real pipeline (orchestration/scripts/build_fixture.sh), Spark local[2].
# Also measures the Dagster definitions load time. Writes bench/results/dbt_build.json (a full run: default options) or target/bench/dbt_build.json.
# Not part of the tests.
#   bench/dbt/run.sh [--events N] [--cores N] [--driver-memory SIZE]
# Ports: Kafka 42192/42193, registry 41181/42101, validator 42180 (own stack in bench/dbt/target/fixture/stack).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EVENTS=1000000
CORES=2
DRIVER_MEMORY=2g
DEFAULT_SIZE="$EVENTS $CORES $DRIVER_MEMORY"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --cores) CORES=$2; shift 2 ;;
    --driver-memory) DRIVER_MEMORY=$2; shift 2 ;;
    *) echo "bench/dbt/run.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
WORK=$ROOT/bench/dbt/target
FIXTURE=$WORK/fixture-$EVENTS
# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
FULL_RUN=false
[ "$EVENTS $CORES $DRIVER_MEMORY" = "$DEFAULT_SIZE" ] && FULL_RUN=true
RESULT=$(result_file dbt_build "$FULL_RUN")
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

"$ROOT/orchestration/setup.sh"
say "lake with $EVENTS events (generator -> validator -> spark-jobs stream), reused if built before"
FIXTURE_KAFKA_PORT=42192 FIXTURE_REGISTRY_PORT=41181 FIXTURE_REGISTRY_MANAGEMENT_PORT=42101 FIXTURE_HTTP_PORT=42180 \
  "$ROOT/orchestration/scripts/build_fixture.sh" "$FIXTURE" --events "$EVENTS" --sessions-per-hour 4000

# shellcheck source=../../orchestration/scripts/spark_env.sh
source "$ROOT/orchestration/scripts/spark_env.sh"
export LAKEHOUSE_DATA_DIR=$FIXTURE/lake LAKEHOUSE_SPARK_CORES=$CORES LAKEHOUSE_SPARK_DRIVER_MEMORY=$DRIVER_MEMORY
export LAKEHOUSE_SPARK_SHUFFLE_PARTITIONS=$CORES

say "dropping the warehouse namespaces of an earlier run (a full build, not an incremental one)"
(cd "$ROOT/dbt" && "$ROOT/orchestration/.venv/bin/dbt" run-operation drop_warehouse --profiles-dir . >/dev/null)

say "dbt build on $CORES cores (driver memory $DRIVER_MEMORY)"
cd "$ROOT/dbt"
start=$(date +%s.%N)
"$ROOT/orchestration/.venv/bin/dbt" build --profiles-dir . > "$WORK/dbt_build.log" 2>&1 &
DBT_PID=$!
peak_kb=0
tree_rss_kb() { # resident memory of the dbt process and all its descendants (the Spark JVM)
  ps -eo pid=,ppid=,rss= | awk -v root="$1" '
    { parent[$1] = $2; rss[$1] = $3 }
    END { for (p in rss) { q = p; while (q != "" && q != 0 && q != root) q = parent[q]; if (q == root) sum += rss[p] }
          print sum + 0 }'
}
while kill -0 "$DBT_PID" 2>/dev/null; do
  kb=$(tree_rss_kb "$DBT_PID"); [ "$kb" -gt "$peak_kb" ] && peak_kb=$kb
  sleep 0.5
done
status=0; wait "$DBT_PID" || status=$?
end=$(date +%s.%N)
tail -3 "$WORK/dbt_build.log"
[ "$status" -eq 0 ] || { echo "dbt build failed; see $WORK/dbt_build.log" >&2; exit 1; }
summary=$(grep -o 'PASS=[0-9]* WARN=[0-9]* ERROR=[0-9]* SKIP=[0-9]*' "$WORK/dbt_build.log" | tail -1)

say "Dagster definitions load time (fresh interpreter, manifest prebuilt)"
# wall and CPU seconds (on a shared machine the wall time mostly measures the neighbours)
read -r load load_cpu < <(cd "$ROOT/orchestration" && .venv/bin/python -c '
import time; t, c = time.monotonic(), time.process_time()
from lakehouse_orchestration.definitions import defs
defs.get_repository_def(); print(f"{time.monotonic() - t:.2f} {time.process_time() - c:.2f}")' 2>/dev/null)

rows=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$FIXTURE/fixture.json")
mkdir -p "$(dirname "$RESULT")"
cat > "$RESULT" <<JSON
{"full_run": $FULL_RUN, "events": $rows, "cores": $CORES, "driver_memory": "$DRIVER_MEMORY",
 "dbt_build_seconds": $(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}'),
 "dbt_build_peak_rss_mb": $((peak_kb / 1024)), "dbt_result": "$summary",
 "dagster_definitions_load_seconds": $load, "dagster_definitions_load_cpu_seconds": $load_cpu,
 "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "host_cpus": $(nproc)}
JSON
cat "$RESULT"
