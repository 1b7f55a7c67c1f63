# shellcheck shell=bash
# Sourced by the benchmark scripts: where a run's JSON goes. Only a full run (every size option at the
# benchmark's default) writes bench/results/NAME.json; any other run writes target/bench/NAME.json, so a smoke
# run can never replace a published figure. Each JSON says which it was ("full_run") and its size.
# bench/check-results.py fails the test command on a published result that is not a full run.

# result_file NAME FULL(true|false): prints the path for this run's JSON, creating its folder.
result_file() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if [ "$2" = true ]; then
    echo "$root/bench/results/$1.json"
  else
    mkdir -p "$root/target/bench"
    echo "$root/target/bench/$1.json"
  fi
}
