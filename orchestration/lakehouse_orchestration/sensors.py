"""The lake sensor: watches the streaming job's health and the silver tables' Iceberg snapshots, and launches
`dbt build` (with the quality checks) for the models downstream of the tables that changed."""

import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import dagster as dg

from .lake.assets import LAKE_TABLES, table_key
from .lake.iceberg_metadata import TableNotFound, TableState
from .lake.resources import LakeCatalog

SILVER = [f"silver.{name}" for name in LAKE_TABLES["silver"] if name != "late_events"]
STREAM_TABLES = ["bronze.events", *SILVER]


def stream_health(states: Iterable[TableState], now: datetime, stale_after: timedelta) -> tuple[bool, str]:
    """Healthy when the newest commit of a stream writer (bronze/..., silver/...) is younger than `stale_after`."""
    commits = [s.committed_at for s in states if s.committed_at is not None and s.writer]
    if not commits:
        return False, "no stream commit in the lake yet"
    age = now - max(commits)
    minutes = age.total_seconds() / 60
    if age > stale_after:
        return False, f"stream stale: last commit {minutes:.0f} min ago (limit {stale_after})"
    return True, f"stream healthy: last commit {minutes:.1f} min ago"


def changed_tables(states: dict[str, TableState], cursor: dict[str, str]) -> list[str]:
    return [t for t in SILVER
            if t in states and states[t].snapshot_id is not None and cursor.get(t) != states[t].version]


def build_request(changed: list[str], warehouse: dg.AssetsDefinition, checks: Iterable[dg.AssetChecksDefinition],
                  run_key: str, health: str) -> dg.RunRequest:
    """dbt models downstream of the changed tables, their dbt tests, and the quality checks of the changed tables
    (critical ones block the build)."""
    sources = {table_key(t) for t in changed}
    deps = warehouse.asset_deps
    selected: set[dg.AssetKey] = set()
    frontier = set(sources)
    while frontier:  # walk downstream inside the dbt project
        frontier = {k for k in warehouse.keys if k not in selected and deps.get(k, set()) & (frontier | selected)}
        selected |= frontier
    check_keys = [k for k in warehouse.check_keys if k.asset_key in selected]
    check_keys += [k for c in checks for k in c.check_keys if k.asset_key in sources | selected]
    return dg.RunRequest(run_key=run_key, asset_selection=sorted(selected, key=str), asset_check_keys=check_keys,
                         tags={"lakehouse/changed": ",".join(changed), "lakehouse/stream": health})


def make_lake_sensor(warehouse: dg.AssetsDefinition, checks: list[dg.AssetChecksDefinition]) -> dg.SensorDefinition:
    stale_after = timedelta(minutes=float(os.environ.get("LAKEHOUSE_STREAM_STALE_MINUTES", "15")))

    build_job = dg.define_asset_job(
        "warehouse_build", selection=dg.AssetSelection.assets(warehouse) | dg.AssetSelection.checks(*checks),
        description="dbt build of the warehouse with the quality checks (the sensor runs subsets of it)")

    @dg.sensor(name="lake_sensor", job=build_job, minimum_interval_seconds=60,
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="New silver snapshots -> dbt build of what depends on them; reports stream health")
    def lake_sensor(context: dg.SensorEvaluationContext, lake: LakeCatalog) -> dg.SensorResult | dg.SkipReason:
        cursor: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
        states: dict[str, TableState] = {}
        for table in STREAM_TABLES:
            try:
                states[table] = lake.table_state(table)
            except TableNotFound:
                continue
        healthy, health = stream_health(states.values(), datetime.now(UTC), stale_after)
        (context.log.info if healthy else context.log.warning)(health)
        changed = changed_tables(states, cursor)
        if not changed:
            return dg.SkipReason(f"no new silver snapshot; {health}")
        observations = [
            dg.AssetObservation(asset_key=table_key(t), metadata={"snapshot_id": states[t].version},
                                tags={"dagster/data_version": states[t].version})
            for t in changed
        ]
        run_key = "|".join(f"{t}@{states[t].version}" for t in changed)
        cursor.update({t: states[t].version for t in changed})
        return dg.SensorResult(run_requests=[build_request(changed, warehouse, checks, run_key, health)],
                               asset_events=observations, cursor=json.dumps(cursor, sort_keys=True))

    return lake_sensor
