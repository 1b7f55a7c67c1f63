"""bronze / silver / gold tables as observable source assets: spark-jobs writes them, Dagster observes them.

An observation reads the table's current Iceberg snapshot: its id is the data version (so a new commit is a new
version) and its commit time is the asset's last update, which the freshness policies judge.
"""


from collections.abc import Iterator
from datetime import timedelta

import dagster as dg

from .contract import lake_tables, load_contract
from .iceberg_metadata import TableNotFound
from .resources import LakeCatalog

# The tables spark-jobs creates, as contracts/lake-contract.json (generated from the Java) lists them.
LAKE_TABLES: dict[str, list[str]] = lake_tables(load_contract())
# Streams commit every few seconds; an hour without a commit means the stream (or the shop) stopped.
FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=6), warn_window=timedelta(hours=1))


def table_key(table: str) -> dg.AssetKey:
    """lake table "silver.orders" -> asset key ["silver", "orders"]: dagster-dbt keys dbt sources and models the
    same way (schema, name), so every table of the lake has one key whatever writes it."""
    return dg.AssetKey(table.split("."))


def observe_table(table: str, lake: LakeCatalog) -> dg.ObserveResult:
    key = table_key(table)
    try:
        state = lake.table_state(table)
    except TableNotFound as e:
        return dg.ObserveResult(asset_key=key, data_version=dg.DataVersion("missing"), metadata={"error": str(e)})
    metadata: dict[str, dg.RawMetadataValue] = {
        "snapshot_id": state.version,
        "snapshots": state.snapshots,
        "operation": state.operation or "",
        "writer": state.writer or "",
    }
    if state.total_records is not None:
        metadata["dagster/row_count"] = state.total_records
    if state.committed_at is not None:
        metadata["dagster/last_updated_timestamp"] = dg.MetadataValue.timestamp(state.committed_at)
    return dg.ObserveResult(asset_key=key, data_version=dg.DataVersion(state.version), metadata=metadata)


def _layer(layer: str, names: list[str]) -> dg.AssetsDefinition:
    specs = [
        dg.AssetSpec(table_key(f"{layer}.{name}"), group_name=layer, freshness_policy=FRESHNESS,
                     description=f"lake.{layer}.{name}, written by spark-jobs (LakehouseJobs stream)",
                     kinds={"iceberg"}, tags={"layer": layer})
        for name in names
    ]

    @dg.multi_observable_source_asset(name=f"observe_{layer}", specs=specs, can_subset=True)
    def _observe(context: dg.AssetExecutionContext, lake: LakeCatalog) -> Iterator[dg.ObserveResult]:
        for key in context.selected_asset_keys:
            yield observe_table(".".join(key.path), lake)

    return _observe


lake_source_assets = [_layer(layer, names) for layer, names in LAKE_TABLES.items()]
observe_lake_job = dg.define_asset_job("observe_lake", selection=dg.AssetSelection.groups(*LAKE_TABLES))
