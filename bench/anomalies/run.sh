#!/usr/bin/env bash
# Anomaly detector graded at full size: AnomalyGradingTest's grader (src/test/java/dev/lakehouse/anomalies/
# AnomalyGrading.java) over 100 seeds and 28 steady days instead of 3 and 1. Pure simulation, no stack, one core.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=100
FIRST_SEED=1
STEADY_DAYS=28
BUILD=true

usage() {
  cat <<HELP
Usage: bench/anomalies/run.sh [--runs N] [--first-seed S] [--steady-days D] [--skip-build]

Plays the incidents scenario (payment outage, bot swarm, pricing error) after an hour of ordinary traffic for
N seeds (default $RUNS) at a random minute of a shop day (08:00-21:00 UTC), and for N/4 seeds at night
(00:30-05:00), runs the detector over each run's minutes and scores precision, recall and detection delay
against the incident windows; then D simulated days (default $STEADY_DAYS) of the steady scenario, where every
anomaly is a false alarm. Writes bench/results/anomalies.json (a full run: default options) or
target/bench/anomalies.json. About 5 minutes here.
  --skip-build  use the existing target/classes and target/test-classes
HELP
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$RUNS $FIRST_SEED $STEADY_DAYS"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --first-seed) FIRST_SEED=$2; shift 2 ;;
    --steady-days) STEADY_DAYS=$2; shift 2 ;;
    --skip-build) BUILD=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
FULL_RUN=false
[ "$RUNS $FIRST_SEED $STEADY_DAYS" = "$DEFAULT_SIZE" ] && FULL_RUN=true
OUT=$(result_file anomalies "$FULL_RUN")

if $BUILD; then
  echo "bench: compiling the app and its tests"
  ./mvnw -B -o -q test-compile
fi
CP_FILE=$ROOT/target/bench/anomalies.classpath
mkdir -p "$(dirname "$CP_FILE")"
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  ./mvnw -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
echo "bench: grading $RUNS seeds from $FIRST_SEED and $STEADY_DAYS steady days (load average $(cut -d' ' -f1-3 /proc/loadavg))"
java -Xmx512m -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  dev.lakehouse.anomalies.AnomalyGrading "$RUNS" "$FIRST_SEED" "$STEADY_DAYS" "$OUT" "$FULL_RUN"
echo "bench: wrote $OUT"
