#!/usr/bin/env python3
"""Fails when a published benchmark result (bench/results/*.json) is not from a full run.

Every benchmark writes bench/results/ only when run at its default size and marks the JSON with
"full_run": true (see bench/results.sh); a smaller run goes to target/bench/. This check keeps a smoke
run's figures from ever standing as the project's numbers.
"""
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    bad = []
    for path in sorted(RESULTS.glob("*.json")):
        try:
            result = json.loads(path.read_text())
        except json.JSONDecodeError as e:
            bad.append(f"{path.name}: not JSON ({e})")
            continue
        if result.get("full_run") is not True:
            bad.append(f"{path.name}: not marked \"full_run\": true; re-run its benchmark at its default size")
    for line in bad:
        print(f"bench results: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
