import dagster as dg

from conftest import Fixture


def test_sensor_requests_a_build_of_what_depends_on_new_silver_snapshots(lake_fixture: Fixture) -> None:
    from lakehouse_orchestration.definitions import defs
    from lakehouse_orchestration.lake.resources import LakeCatalog

    repo = defs.get_repository_def()
    sensor = repo.get_sensor_def("lake_sensor")
    lake = LakeCatalog(data_dir=str(lake_fixture.data_dir))
    with dg.build_sensor_context(resources={"lake": lake}) as context:
        result = sensor.evaluate_tick(context)
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    selected = set(request.asset_selection or [])
    assert {dg.AssetKey(["core", "fact_orders"]), dg.AssetKey(["marts", "mart_customer_lifetime_value"]),
            dg.AssetKey(["staging", "stg_catalog"])} <= selected
    assert dg.AssetKey(["silver", "orders"]) not in selected  # sources are observed, not built
    checks = {k.name for k in request.asset_check_keys or []}
    assert "gx_silver_orders" in checks and "gx_marts_mart_customer_lifetime_value" in checks
    assert "stream" in request.tags["lakehouse/stream"]

    with dg.build_sensor_context(resources={"lake": lake}, cursor=result.cursor) as context:
        again = sensor.evaluate_tick(context)
    assert not again.run_requests and "no new silver snapshot" in (again.skip_message or "")
