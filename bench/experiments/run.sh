#!/usr/bin/env bash
# Experiment analysis graded at full size: ExperimentGradingTest's grader (src/test/java/dev/lakehouse/
# experiments/ExperimentGrading.java) over 1,000 seeds instead of 50. Pure simulation, no stack, one core.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=1000
FIRST_SEED=1
BUILD=true

usage() {
  cat <<HELP
Usage: bench/experiments/run.sh [--runs N] [--first-seed S] [--skip-build]

For each of N seeds (default $RUNS) simulates three experiments to the fixed horizon of a 30 % shop
(+10 % minimum lift, 95 % intervals, 80 % power: 7,542 sessions) and analyses each once: a true +10 %
lift (interval coverage, power), an A/A test (false wins, and the wins peeking at ten looks would give),
and a broken split (15 % of treatment's sessions lost: the ratio check). Writes bench/results/experiments.json
(a full run: default options) or target/bench/experiments.json. About 4 minutes here.
  --skip-build  use the existing target/classes and target/test-classes
HELP
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$RUNS $FIRST_SEED"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --first-seed) FIRST_SEED=$2; shift 2 ;;
    --skip-build) BUILD=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
FULL_RUN=false
[ "$RUNS $FIRST_SEED" = "$DEFAULT_SIZE" ] && FULL_RUN=true
OUT=$(result_file experiments "$FULL_RUN")

if $BUILD; then
  echo "bench: compiling the app and its tests"
  ./mvnw -B -o -q test-compile
fi
CP_FILE=$ROOT/target/bench/experiments.classpath
mkdir -p "$(dirname "$CP_FILE")"
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  ./mvnw -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
echo "bench: grading over $RUNS seeds from $FIRST_SEED (load average $(cut -d' ' -f1-3 /proc/loadavg))"
java -Xmx512m -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  dev.lakehouse.experiments.ExperimentGrading "$RUNS" "$FIRST_SEED" "$OUT" "$FULL_RUN"
echo "bench: wrote $OUT"
