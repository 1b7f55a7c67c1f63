"""The lake's tables and topics as the Java code defines them: contracts/lake-contract.json, generated from
dev.lakehouse.contracts.lake.LakeContract and checked against the code by a test in each Java build.

No Dagster import here, so the contract checks (tests/test_lake_contract.py) run without the Dagster venv.
"""

import json
from pathlib import Path
from typing import Any

# orchestration/lakehouse_orchestration/lake/contract.py -> the repository root
CONTRACT_FILE = Path(__file__).resolve().parents[3] / "contracts" / "lake-contract.json"


def load_contract(path: Path = CONTRACT_FILE) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def lake_tables(contract: dict[str, Any]) -> dict[str, list[str]]:
    """namespace -> table names, in the contract's (flow) order: bronze, silver, gold."""
    return {ns: list(contract["tables"][ns]) for ns in contract["namespaces"]}
