"""Session fixtures: one small lake built through the real pipeline (scripts/build_fixture.sh, 20k events,
seed 7, no faults), shared by every test; GX state in a fresh folder per session."""

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parents[1]
FIXTURE_DIR = Path(os.environ.get("LAKEHOUSE_FIXTURE_DIR", HERE / "target" / "fixture"))


@dataclass(frozen=True)
class Fixture:
    data_dir: Path
    ledger_dir: Path

    def ledger(self) -> list[dict[str, Any]]:
        with open(self.ledger_dir / "ledger.jsonl") as f:
            return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def lake_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    subprocess.run([str(HERE / "scripts" / "build_fixture.sh"), str(FIXTURE_DIR)], check=True)
    os.environ["LAKEHOUSE_MODE"] = "local"
    os.environ["LAKEHOUSE_DATA_DIR"] = str(FIXTURE_DIR / "lake")
    os.environ["LAKEHOUSE_GX_DIR"] = str(tmp_path_factory.mktemp("gx"))
    yield Fixture(FIXTURE_DIR / "lake", FIXTURE_DIR / "ledger")


@pytest.fixture(scope="session")
def spark(lake_fixture: Fixture) -> Any:
    from lakehouse_orchestration.lake.spark import lake_spark
    from lakehouse_orchestration.settings import Settings

    return lake_spark(Settings.from_env())


def insert_row(spark: Any, table: str, values: dict[str, str]) -> None:
    """Appends one row to a lake table: `values` maps columns to SQL expressions; other columns are null."""
    fields = spark.table(table).schema.fields
    exprs = [f"cast({values.get(f.name, 'null')} as {f.dataType.simpleString()})" for f in fields]
    spark.sql(f"insert into {table} select {', '.join(exprs)}")
