#!/usr/bin/env bash
# Builds dbt/target/manifest.json (dbt parse, no warehouse connection), which the Dagster definitions load.
# Run at build time (setup.sh, run-tests.sh, an image build), never when the definitions load.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT/dbt"
"$ROOT/orchestration/.venv/bin/dbt" parse --profiles-dir . --quiet
