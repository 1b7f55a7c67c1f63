#!/usr/bin/env bash
# Creates orchestration/.venv from requirements.lock (exact versions) if it is missing or the lock changed,
# installs the orchestration package into it (editable), and builds dbt's manifest. No global installs.
#   orchestration/setup.sh            create / update the venv
#   orchestration/setup.sh --relock   re-resolve requirements.in into requirements.lock (uv pip compile), then install
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=$HERE/.venv
PYTHON=${PYTHON:-python3}

if [ "${1:-}" = "--relock" ]; then
  tools=$(mktemp -d)
  "$PYTHON" -m venv "$tools" && "$tools/bin/pip" install -q uv
  "$tools/bin/uv" pip compile "$HERE/requirements.in" -o "$HERE/requirements.lock" --python-version 3.11 \
    --generate-hashes --quiet
  rm -rf "$tools"
fi

# The lock is resolved for CPython 3.11 (PySpark 3.5 and NumPy 1.26 have no wheels past 3.12).
if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 12)))'; then
  echo "setup: needs Python 3.11 or 3.12 (PYTHON=$PYTHON is $("$PYTHON" -V 2>&1)); set PYTHON=python3.11" >&2
  exit 1
fi

stamp=$VENV/.lock.sha256
want=$(cat "$HERE/requirements.lock" "$HERE/pyproject.toml" | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[setup] installing orchestration/requirements.lock into $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # Every file pip fetches must match a hash in the lock. The lock names every transitive package, so pip
  # installs it as it is (--no-deps: pip's hash mode refuses a dependency with extras, e.g. gql[requests],
  # even when the lock pins it) and `pip check` proves nothing is missing. The package itself is built with the
  # locked setuptools (no build isolation, which would fetch an unhashed one).
  "$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$HERE/requirements.lock"
  "$VENV/bin/pip" check
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --no-build-isolation -e "$HERE"
  echo "$want" > "$stamp"
fi
# The dbt manifest the Dagster definitions load (built here, not at load time).
"$HERE/scripts/build_manifest.sh"
