import time

import dagster as dg


def test_definitions_load_and_hold_every_part() -> None:
    start = time.monotonic()
    from lakehouse_orchestration.definitions import defs

    repo = defs.get_repository_def()
    seconds = time.monotonic() - start
    keys = repo.asset_graph.get_all_asset_keys()
    assert dg.AssetKey(["silver", "orders"]) in keys
    assert dg.AssetKey(["bronze", "events"]) in keys
    assert dg.AssetKey(["gold", "revenue_per_minute"]) in keys
    for model in ("fact_orders", "dim_customer", "mart_customer_lifetime_value", "mart_product_affinity",
                  "mart_hourly_event_anomalies", "mart_campaign_effectiveness", "mart_funnel_conversion"):
        assert dg.AssetKey(["core" if model[0] in "fd" else "marts", model]) in keys, model
    checks = {k.name for k in repo.asset_graph.asset_check_keys}
    assert {"gx_silver_orders", "gx_bronze_events", "gx_marts_mart_customer_lifetime_value"} <= checks
    assert repo.get_sensor_def("lake_sensor")
    assert repo.get_schedule_def("iceberg_maintenance_schedule").cron_schedule == "17 * * * *"
    print(f"definitions loaded in {seconds:.1f} s")
