"""Each suite as a Dagster asset check, run through a Great Expectations checkpoint that also builds Data Docs.

GX keeps its project (suites, validation definitions, checkpoints, results) in LAKEHOUSE_GX_DIR (default
orchestration/target/gx); Data Docs HTML is written to <gx dir>/gx/uncommitted/data_docs/local_site/index.html.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg

from ..lake.assets import table_key
from ..lake.spark import lake_spark
from ..settings import Settings
from .suites import SUITES, Suite


@dataclass(frozen=True)
class SuiteOutcome:
    success: bool
    rows: int
    failed: list[str]
    docs: Path


def data_docs_index(gx_dir: Path) -> Path:
    return gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _row_counts(gx_dir: Path) -> dict[str, int]:
    path = gx_dir / "row_counts.json"
    return json.loads(path.read_text()) if path.exists() else {}


def run_suite(suite: Suite, df: Any, gx_dir: Path) -> SuiteOutcome:
    """Validates `df` (the table as a Spark DataFrame) against `suite` through a checkpoint."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_dir.mkdir(parents=True, exist_ok=True)
    ctx = gx.get_context(mode="file", project_root_dir=str(gx_dir))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    rows = df.count()
    counts = _row_counts(gx_dir)
    expectations = [e.build() for e in suite.expectations]
    if suite.grows and suite.table in counts:
        expectations.append(gx.expectations.ExpectTableRowCountToBeBetween(min_value=counts[suite.table]))
    if suite.min_rows:
        expectations.append(gx.expectations.ExpectTableRowCountToBeBetween(min_value=suite.min_rows))

    source = ctx.data_sources.add_or_update_spark(name="lake")
    asset = next((a for a in source.assets if a.name == suite.table), None) or source.add_dataframe_asset(suite.table)
    batch = next((b for b in asset.batch_definitions if b.name == "whole_table"), None) \
        or asset.add_batch_definition_whole_dataframe("whole_table")
    gx_suite = ctx.suites.add_or_update(gx.ExpectationSuite(name=suite.name, expectations=expectations))
    validation = ctx.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite))
    checkpoint = ctx.checkpoints.add_or_update(gx.Checkpoint(
        name=suite.name, validation_definitions=[validation],
        actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")]))
    result = checkpoint.run(batch_parameters={"dataframe": df})

    def described(config) -> str:
        args = ", ".join(f"{k}={v}" for k, v in config.kwargs.items() if k != "batch_id")
        return f"{config.type}({args})"

    failed = [
        described(r.expectation_config)
        for run in result.run_results.values() for r in run.results if not r.success
    ]
    if result.success:
        counts[suite.table] = rows
        (gx_dir / "row_counts.json").write_text(json.dumps(counts, indent=1, sort_keys=True))
    return SuiteOutcome(bool(result.success), rows, failed, data_docs_index(gx_dir))


def _check(suite: Suite) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if suite.critical else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=table_key(suite.table),
        name=f"gx_{suite.name}",
        description=f"Great Expectations suite {suite.name} ({len(suite.expectations)} expectations + row count)"
        + (" - critical: blocks downstream assets" if suite.critical else ""),
        blocking=suite.critical,
    )
    def _run() -> dg.AssetCheckResult:
        settings = Settings.from_env()
        outcome = run_suite(suite, lake_spark(settings).table(f"lake.{suite.table}"), settings.gx_dir)
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=severity,
            metadata={"rows": outcome.rows, "failed_expectations": dg.MetadataValue.json(outcome.failed),
                      "data_docs": dg.MetadataValue.path(str(outcome.docs))},
        )

    return _run


quality_checks = [_check(s) for s in SUITES]
