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
        job = defs.get_implicit_global_asset_job_def()
        selection = [dg.AssetKey(["core", "fact_orders"]), dg.AssetKey(["staging", "stg_orders"])]
        result = job.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
            asset_selection=selection,
            asset_check_selection=[dg.AssetCheckKey(dg.AssetKey(["silver", "orders"]), "gx_silver_orders")],
        )
        evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
        assert not evaluations["gx_silver_orders"].passed
        failed = evaluations["gx_silver_orders"].metadata["failed_expectations"].value
        assert any("expect_column_values_to_not_be_null" in f and "order_id" in f for f in failed), failed
        assert not {e.asset_key for e in result.get_asset_materialization_events()} & set(warehouse_dbt.keys)
        assert not result.success
    finally:
        spark.sql(f"delete from lake.silver.orders where event_id = '{BROKEN_ID}'")
