"""dbt models, snapshots and tests as Dagster assets and asset checks (dagster-dbt).

The manifest is built at build time (orchestration/scripts/build_manifest.sh runs `dbt parse`; setup.sh and the
test script call it), never at load: loading the definitions only reads dbt/target/manifest.json.
"""

import os
import sys
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from ..settings import DBT_PROJECT_DIR, Settings, dbt_env

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
if not MANIFEST.exists():
    raise FileNotFoundError(f"{MANIFEST} is missing: run orchestration/scripts/build_manifest.sh (dbt parse) first")


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups by model folder (staging, core, marts); marts get a freshness policy from meta.dagster.freshness_hours
    (default 6 h) - the sensor rebuilds them after each new silver snapshot, so older means the chain stopped."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id, {})
        if node.get("resource_type") == "snapshot":
            return spec.replace_attributes(group_name="core")
        fqn = node.get("fqn", [])
        if len(fqn) > 2 and fqn[1] in ("staging", "core", "marts"):
            spec = spec.replace_attributes(group_name=fqn[1])
            if fqn[1] == "marts":
                hours = node.get("meta", {}).get("dagster", {}).get("freshness_hours", 6)
                spec = spec.replace_attributes(freshness_policy=dg.FreshnessPolicy.time_window(
                    fail_window=timedelta(hours=hours)))
        return spec


translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=MANIFEST, dagster_dbt_translator=translator)
def warehouse_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """`dbt build` of the selected models: runs them, their snapshots and their tests (as asset checks)."""
    os.environ.update(dbt_env(Settings.from_env()))
    yield from dbt.cli(["build"], context=context).stream()


def dbt_resource(settings: Settings) -> DbtCliResource:
    # The venv's dbt, whether or not the venv is activated.
    return DbtCliResource(project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR),
                          target=settings.dbt_target, dbt_executable=str(Path(sys.executable).parent / "dbt"))
