#!/usr/bin/env bash
# Offline checks of everything under docker/ and deploy/: one command for CI and for people.
#
#   deploy/checks/run.sh            run every check, exit non-zero on the first failing step
#   deploy/checks/run.sh --help
#
# Steps (each prints its own result line):
#   1. Python venv deploy/.venv with the pinned checkov (and its HCL2 parser)
#   2. terraform fmt -check -recursive   (Terraform CLI; without it: hclfmt built from the Go module proxy)
#   3. terraform_lint.py: every .tf/.tfvars parses; variables typed and described; module calls,
#      module outputs, var references and tfvars consistent (what `validate` would catch without providers),
#      every CloudWatch alarm on a metric a resource of the tree publishes, the Glue databases exactly the
#      namespaces of contracts/lake-contract.json and dbt/dbt_project.yml, plus its self-test on broken copies;
#      docs/cost.md matches deploy/cost/estimate.py run on the tfvars
#   4. Maven (deploy/checks/pom.xml): helm lint --strict and helm template for default/dev/prod values,
#      every rendered object parsed into its typed Kubernetes model, policy asserts; docker/ files parsed
#   5. checkov over deploy/terraform, the rendered Helm output and docker/ (zero failed checks)
#   6. promtool: the alert rules of deploy/observability (check rules, and `test rules` on their synthetic series)
#      and compose's Prometheus configuration (check config)
#
# Needs: bash, python3 (>= 3.9, with venv), Java 17+, Maven (or ./mvnw at the repository root),
# either the Terraform CLI or Go (>= 1.22), and promtool (Debian's prometheus package; the server is not started).
# Network: PyPI, Maven Central, Go module proxy
# on the first run only; nothing reaches AWS, a container registry or the Terraform registry.
set -euo pipefail

usage() {
  # The header comment above, up to the first line of code.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DEPLOY="$REPO/deploy"
TARGET="$HERE/target"
VENV="${LAKEHOUSE_DEPLOY_VENV:-$DEPLOY/.venv}"
mkdir -p "$TARGET"

START=$(date +%s)
step() { printf '\n==> [%s] %s\n' "$(( $(date +%s) - START ))s" "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------- 1
step "1/6 Python environment ($VENV)"
if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV" || fail "python3 -m venv (install python3-venv)"
fi
# Re-install only when the requirements changed.
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$HERE/requirements.lock" | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$WANT" ]]; then
  # requirements.lock: every transitive version with its hashes, from requirements.in
  # (uv pip compile requirements.in -o requirements.lock --python-version 3.11 --generate-hashes)
  "$VENV/bin/pip" install --disable-pip-version-check -q --require-hashes --no-deps -r "$HERE/requirements.lock" \
    || fail "pip install"
  "$VENV/bin/pip" check || fail "pip check"
  echo "$WANT" > "$STAMP"
fi
echo "checkov $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))')"

# ------------------------------------------------------------------------------- 2
step "2/6 terraform fmt -check -recursive"
if command -v terraform >/dev/null 2>&1; then
  # An empty CLI config keeps `terraform` from warning about a missing ~/.terraformrc.
  TF_CLI_CONFIG_FILE=/dev/null terraform -chdir="$DEPLOY/terraform" fmt -check -recursive -diff \
    || fail "terraform fmt: run 'terraform fmt -recursive deploy/terraform'"
  echo "terraform fmt: clean ($(TF_CLI_CONFIG_FILE=/dev/null terraform version | head -1))"
elif command -v go >/dev/null 2>&1; then
  echo "no Terraform CLI: using hclfmt (hclwrite.Format, the formatter terraform fmt is built on)"
  ( cd "$HERE/hclfmt" && GOFLAGS=-mod=mod go build -o "$TARGET/hclfmt" . ) || fail "building hclfmt"
  "$TARGET/hclfmt" "$DEPLOY/terraform" || fail "hclfmt: files above are not formatted"
else
  fail "neither terraform nor go is installed: install one (e.g. apt-get install golang-go)"
fi

# ------------------------------------------------------------------------------- 3
step "3/6 Terraform parse and lint (no providers needed)"
"$VENV/bin/python" "$HERE/terraform_lint.py" "$DEPLOY/terraform" || fail "terraform lint"
# The lint must also fail where it should: it is run on broken copies of the tree.
( cd "$HERE" && PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" -m unittest -q test_terraform_lint 2>&1 | tail -n 3 ) \
  || fail "terraform lint self-test"
# docs/cost.md is derived from the tfvars: a sizing change must come with its cost.
"$VENV/bin/python" "$DEPLOY/cost/estimate.py" --check "$REPO/docs/cost.md" || fail "docs/cost.md out of date"

# ------------------------------------------------------------------------------- 4
step "4/6 Helm lint/template and typed Kubernetes parsing, docker/ files (Maven)"
if [[ -x "$REPO/mvnw" ]]; then MVN=("$REPO/mvnw"); else MVN=(mvn); fi
rm -f "$TARGET"/rendered-*.yaml
MVN_LOG="$TARGET/maven.log"
MVN_RC=0
"${MVN[@]}" -B -ntp -Dstyle.color=never -f "$HERE/pom.xml" test > "$MVN_LOG" 2>&1 || MVN_RC=$?
# Surefire's per-class and total lines (CI reads them), without colour codes.
sed 's/\x1b\[[0-9;]*m//g' "$MVN_LOG" | grep -E 'Tests run:|FAIL|BUILD' || true
if [[ $MVN_RC -ne 0 ]]; then
  sed 's/\x1b\[[0-9;]*m//g' "$MVN_LOG" | grep -E '^\[ERROR\]' | head -40 >&2 || true
  fail "Maven checks (full log: $MVN_LOG, reports: $TARGET/surefire-reports)"
fi
for env in default dev prod; do
  [[ -s "$TARGET/rendered-$env.yaml" ]] || fail "no rendered output for $env"
done

# ------------------------------------------------------------------------------- 5
step "5/6 checkov (terraform, rendered Helm output, Dockerfiles)"
# Offline: no guideline download, no platform upload, no version check.
export BC_SKIP_MAPPING=TRUE CHECKOV_SKIP_VERSION_CHECK=true ANSI_COLORS_DISABLED=1
run_checkov() {
  local label="$1"; shift
  local out="$TARGET/checkov-$label.json"
  "$VENV/bin/checkov" --skip-download --soft-fail --quiet -o json "$@" > "$out" 2> "$TARGET/checkov-$label.log" \
    || fail "checkov $label did not run (see $TARGET/checkov-$label.log)"
  "$VENV/bin/python" - "$label" "$out" <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
data = json.load(open(path))
reports = data if isinstance(data, list) else [data]
passed = failed = skipped = errors = 0
for r in reports:
    s = r.get("summary", {})
    passed += s.get("passed", 0); failed += s.get("failed", 0)
    skipped += s.get("skipped", 0); errors += s.get("parsing_errors", 0)
    for c in r.get("results", {}).get("failed_checks", []):
        print(f"  FAILED {c['check_id']} {c['check_name']}\n    {c['resource']} {c['file_path']}:{c['file_line_range']}")
if passed == 0:
    print(f"checkov {label}: nothing was checked"); sys.exit(1)
print(f"checkov {label}: passed={passed} failed={failed} skipped={skipped} parsing_errors={errors}")
sys.exit(1 if failed or errors else 0)
PY
}
STATUS=0
# The root module once per environment, with that environment's variables file.
for tfvars in "$DEPLOY"/terraform/environments/*.tfvars; do
  env=$(basename "$tfvars" .tfvars)
  run_checkov "terraform-$env" -d "$DEPLOY/terraform" --framework terraform --var-file "$tfvars" || STATUS=1
done
run_checkov helm-rendered --framework kubernetes \
  -f "$TARGET/rendered-default.yaml" -f "$TARGET/rendered-dev.yaml" -f "$TARGET/rendered-prod.yaml" || STATUS=1
run_checkov docker -d "$REPO/docker" --framework dockerfile || STATUS=1
[[ $STATUS -eq 0 ]] || fail "checkov found failed checks"

# ------------------------------------------------------------------------------- 6
step "6/6 Prometheus alert rules and configuration (promtool)"
command -v promtool >/dev/null 2>&1 || fail "promtool is not installed (apt-get install --no-install-recommends prometheus)"
RULES="$DEPLOY/observability/prometheus/rules"
promtool check rules "$RULES"/*.rules.yml || fail "promtool check rules"
# Run from the rules folder: each test file names its rule file relative to itself.
( cd "$RULES" && promtool test rules ./*.rules.test.yml ) || fail "promtool test rules"
# The compose configuration names its rule files by their path inside the container; check it with them in place.
PROM_TMP=$(mktemp -d)
sed "s#/etc/prometheus/rules/#$RULES/#" "$REPO/docker/config/prometheus.yml" > "$PROM_TMP/prometheus.yml"
promtool check config "$PROM_TMP/prometheus.yml" || { rm -rf "$PROM_TMP"; fail "promtool check config docker/config/prometheus.yml"; }
rm -rf "$PROM_TMP"
promtool check config "$DEPLOY/observability/prometheus/prometheus-local.yml" || fail "promtool check config prometheus-local.yml"

step "all deploy checks passed"
