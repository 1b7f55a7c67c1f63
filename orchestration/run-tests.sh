#!/usr/bin/env bash
# The warehouse tests, on the local stack: fixture lake through the real pipeline (20k events, seed 7; reused
# when already built) -> venv (created if missing) + `dbt build` with every dbt test -> the Dagster tests (pytest).
# Called by ./lakehouse test. Ports: Kafka 42092/42093, registry 41081/42001, validator on any free port.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURE=${LAKEHOUSE_FIXTURE_DIR:-$HERE/target/fixture}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "warehouse: fixture lake in $FIXTURE"
"$HERE/scripts/build_fixture.sh" "$FIXTURE"

# ./lakehouse marts also creates or updates the venv (orchestration/setup.sh) and the dbt manifest.
say "warehouse: dbt build (models, snapshots, tests) on the fixture, as ./lakehouse marts runs it"
"$HERE/../lakehouse" marts --dir "$FIXTURE"

say "warehouse: Dagster tests"
# shellcheck source=scripts/spark_env.sh
source "$HERE/scripts/spark_env.sh"
cd "$HERE"
LAKEHOUSE_FIXTURE_DIR=$FIXTURE .venv/bin/pytest -q "$@"
