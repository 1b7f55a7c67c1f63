#!/usr/bin/env bash
# The linters: the first step of `./lakehouse test`, a few seconds once the tools are installed.
#
#   lint/run.sh            run every linter, exit non-zero if any finds something
#   lint/run.sh --relock   re-resolve lint/requirements.in into lint/requirements.lock (uv pip compile), then run
#   lint/run.sh --help
#
# Linters (configuration where each tool looks for it):
#   - ruff: every Python file (orchestration/, deploy/, bench/, e2e/); ruff.toml
#   - sqlfluff: dbt/'s models, snapshots and tests (jinja templater, dbt builtins); dbt/.sqlfluff, .sqlfluffignore
#   - shellcheck: every shell script git tracks (by shebang or .sh); .shellcheckrc
#   - Java: spotless:check with palantir-java-format and unused-import removal (root pom.xml, every Java build)
# ruff and sqlfluff come from lint/requirements.lock (exact versions and hashes), installed into lint/.venv,
# and shellcheck is Debian's package (.ci/run installs it).
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VENV=${LAKEHOUSE_LINT_VENV:-$HERE/.venv}
PYTHON=${PYTHON:-python3}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --relock)
    tools=$(mktemp -d)
    "$PYTHON" -m venv "$tools" && "$tools/bin/pip" install -q --disable-pip-version-check uv
    ( cd "$HERE" && "$tools/bin/uv" pip compile requirements.in -o requirements.lock --python-version 3.11 \
        --generate-hashes --quiet )
    rm -rf "$tools" ;;
  "") ;;
  *) echo "lint: unknown argument: $1" >&2; usage >&2; exit 2 ;;
esac

# Re-install only when the lock changed. Every file pip fetches must match a hash in the lock, which names
# every transitive package (--no-deps), and `pip check` proves none is missing.
stamp=$VENV/.lock.sha256
want=$(sha256sum "$HERE/requirements.lock" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "lint: installing lint/requirements.lock into $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$HERE/requirements.lock"
  "$VENV/bin/pip" check >/dev/null
  echo "$want" > "$stamp"
fi
command -v shellcheck >/dev/null || { echo "lint: shellcheck is not installed (apt-get install shellcheck)" >&2; exit 1; }

cd "$ROOT"
failed=()

echo "lint: ruff $("$VENV/bin/ruff" --version | cut -d' ' -f2)"
"$VENV/bin/ruff" check --no-cache --quiet . || failed+=(ruff)

echo "lint: sqlfluff $("$VENV/bin/sqlfluff" --version | awk '{print $NF}') (dbt/)"
# Run from dbt/ so that the project's .sqlfluff and .sqlfluffignore apply; --processes 1 keeps it to one core.
( cd dbt && "$VENV/bin/sqlfluff" lint . --quiet --processes 1 --disable-progress-bar --nocolor ) || failed+=(sqlfluff)

echo "lint: shellcheck $(shellcheck --version | awk '/^version:/ {print $2}')"
# Every tracked shell script: *.sh, and files whose first line is a sh/bash shebang (./lakehouse, mvnw ...).
scripts=()
while IFS= read -r file; do
  [ -f "$file" ] || continue
  case "$file" in
    *.sh) scripts+=("$file") ;;
    *) head -n 1 "$file" | grep -qE '^#!.*[/ ](ba)?sh( |$)' && scripts+=("$file") ;;
  esac
done < <(git ls-files)
shellcheck "${scripts[@]}" || failed+=(shellcheck)
echo "lint: shellcheck checked ${#scripts[@]} scripts"

echo "lint: Java format (spotless with palantir-java-format, every Java build; fix with ./mvnw spotless:apply)"
mkdir -p "$ROOT/target"
./mvnw -B -q spotless:check > "$ROOT/target/spotless.log" 2>&1 || { grep -E "ERROR|violations" "$ROOT/target/spotless.log" | head -20 >&2; failed+=(java-format); }

if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: findings from: ${failed[*]}" >&2
  exit 1
fi
echo "lint: clean"
