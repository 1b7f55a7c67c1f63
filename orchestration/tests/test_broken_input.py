"""A silver order with a null key makes the critical silver.orders suite fail, and the dbt build downstream of it
does not run (blocking check). The row is removed afterwards, so the shared fixture stays valid."""

from typing import Any

import dagster as dg

from conftest import Fixture, insert_row

BROKEN_ID = "test-broken-null-order-id"


def test_null_key_in_silver_fails_the_check_and_blocks_the_warehouse(lake_fixture: Fixture, spark: Any) -> None:
    from lakehouse_orchestration.definitions import defs
    from lakehouse_orchestration.warehouse.assets import warehouse_dbt

    insert_row(spark, "lake.silver.orders", {
        "event_id": f"'{BROKEN_ID}'", "event_time": "timestamp '2026-10-01 12:00:00'", "event_type": "'OrderPlaced'",
        "order_id": "null", "customer_id": "'c-broken'", "total": "1.00", "currency": "'EUR'",
        "ingest_time": "current_timestamp()"})
    try:
        # What the sensor launches when silver.orders changes: its check, then the models downstream.
        selection = dg.AssetSelection.assets(["staging", "stg_orders"], ["core", "fact_orders"]) \
            | dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey(["silver", "orders"]), "gx_silver_orders"))
        result = dg.materialize([*defs.assets, *defs.asset_checks], selection=selection, resources=defs.resources,
                                instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
        assert not evaluations["gx_silver_orders"].passed
        failed = evaluations["gx_silver_orders"].metadata["failed_expectations"].value
        assert any("expect_column_values_to_not_be_null" in f and "order_id" in f for f in failed), failed
        assert not {e.asset_key for e in result.get_asset_materialization_events()} & set(warehouse_dbt.keys)
        started = {e.step_key for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_START}
        failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
        # the check's step fails because the blocking check failed; the dbt step never starts
        assert [e.step_key for e in failures] == ["silver__orders_gx_silver_orders"]
        assert "blocking" in str(failures[0].event_specific_data.error).lower(), failures[0].event_specific_data
        assert warehouse_dbt.op.name in {node.name for node in result.job_def.graph.nodes}  # it was planned
        assert warehouse_dbt.op.name not in started, started
    finally:
        spark.sql(f"delete from lake.silver.orders where event_id = '{BROKEN_ID}'")
