"""Materializes every asset on the fixture lake (observe bronze/silver/gold, GX checks, dbt build with its tests),
checks every asset check passes, and compares the marts with figures computed from the generator's ledger.

The fixture's few erasure requests hit no customer who ordered, so the test adds one for the ledger's biggest
spender to silver.customers and a late one (behind the watermark, in silver.late_events) for the second biggest
before the run, and removes both afterwards: those customers must vanish from the marts."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import dagster as dg
import pytest

from conftest import Fixture, insert_row


def _ledger_orders(fixture: Fixture) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """OrderPlaced entries per customer, and the customers who asked for erasure (in the ledger)."""
    orders: dict[str, list[dict[str, Any]]] = defaultdict(list)
    erased: set[str] = set()
    for entry in fixture.ledger():
        if entry["type"] == "OrderPlaced" and entry["fault"] is None:
            orders[entry["key"]].append(entry)
        elif entry["type"] == "ErasureRequested":
            erased.add(entry["key"])
    return orders, erased


ERASURE_EVENT = "test-erasure-of-top-spender"
LATE_ERASURE_EVENT = "test-late-erasure-of-second-spender"


def _spenders(fixture: Fixture) -> list[str]:
    orders, _ = _ledger_orders(fixture)
    return sorted(orders, key=lambda c: (-sum(Decimal(e["amount"]) for e in orders[c]), c))


def _top_spender(fixture: Fixture) -> str:
    return _spenders(fixture)[0]


def _late_eraser(fixture: Fixture) -> str:
    """Asks for erasure a month behind the watermark: the request is in silver.late_events only."""
    return _spenders(fixture)[1]


@pytest.fixture(scope="module")
def full_run(lake_fixture: Fixture, spark: Any) -> Iterator[dg.ExecuteInProcessResult]:
    from lakehouse_orchestration.definitions import defs

    insert_row(spark, "lake.silver.customers", {
        "event_id": f"'{ERASURE_EVENT}'", "event_time": "timestamp '2026-10-01 18:30:00'",
        "event_type": "'ErasureRequested'", "customer_id": f"'{_top_spender(lake_fixture)}'",
        "erasure_request_id": "'test'", "erasure_channel": "'EMAIL'", "ingest_time": "current_timestamp()"})
    late_request = '{"payload": {"branch": "ErasureRequested", "ErasureRequested": {"request_id": "late"}}}'
    insert_row(spark, "lake.silver.late_events", {
        "domain": "'customers'", "event_id": f"'{LATE_ERASURE_EVENT}'",
        "event_time": "timestamp '2026-09-01 08:00:00'", "watermark": "timestamp '2026-10-01 00:00:00'",
        "record_key": f"'{_late_eraser(lake_fixture)}'", "payload_json": f"'{late_request}'",
        "topic": "'commerce.customers.valid'", "ingest_time": "current_timestamp()"})
    try:
        job = defs.get_implicit_global_asset_job_def()
        yield job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    finally:
        spark.sql(f"delete from lake.silver.customers where event_id = '{ERASURE_EVENT}'")
        spark.sql(f"delete from lake.silver.late_events where event_id = '{LATE_ERASURE_EVENT}'")


def test_every_asset_materializes_or_is_observed(full_run: dg.ExecuteInProcessResult) -> None:
    assert full_run.success
    materialized = {e.asset_key for e in full_run.get_asset_materialization_events()}
    observed = {e.asset_key for e in full_run.get_asset_observation_events()}
    for table in ("core.fact_orders", "core.dim_customer", "core.dim_product", "core.dim_date",
                  "marts.mart_customer_lifetime_value", "marts.mart_product_affinity",
                  "marts.mart_hourly_event_anomalies", "marts.mart_campaign_effectiveness",
                  "marts.mart_funnel_conversion", "customers_snapshot"):
        assert dg.AssetKey(table.split(".")) in materialized, table
    assert dg.AssetKey(["silver", "orders"]) in observed
    assert dg.AssetKey(["gold", "revenue_per_minute"]) in observed


def test_every_asset_check_passes(full_run: dg.ExecuteInProcessResult) -> None:
    evaluations = full_run.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    names = {e.check_name for e in evaluations}
    assert not failed
    assert {"gx_silver_orders", "gx_bronze_events", "gx_marts_mart_customer_lifetime_value"} <= names
    assert "fact_orders_revenue_matches_gold" in names
    assert len(evaluations) > 100




def test_customer_marts_equal_the_ledger(full_run: dg.ExecuteInProcessResult, lake_fixture: Fixture,
                                         spark: Any) -> None:
    orders, erased = _ledger_orders(lake_fixture)
    erased.update({_top_spender(lake_fixture), _late_eraser(lake_fixture)})
    mart = {r["customer_id"]: r for r in spark.table("lake.marts.mart_customer_lifetime_value").collect()}

    expected = {c for c in orders if c not in erased}
    assert set(mart) == expected
    assert not set(mart) & erased
    dims = {r["customer_id"] for r in spark.table("lake.core.dim_customer").collect()}
    assert _top_spender(lake_fixture) not in dims
    assert _late_eraser(lake_fixture) not in dims, "a request behind the watermark erases too"

    def day(e: dict[str, Any]) -> date:
        return date.fromisoformat(e["event_time"][:10])

    as_of = max(day(e) for es in orders.values() for e in es)
    by_revenue = sorted(expected, key=lambda c: (-sum(Decimal(e["amount"]) for e in orders[c]), c))
    by_recency = sorted(expected, key=lambda c: (max(day(e) for e in orders[c]), c))
    chosen = {by_revenue[0], by_revenue[-1], by_recency[0], by_recency[-1], sorted(expected)[len(expected) // 2]}
    for customer in chosen:
        row, ledger = mart[customer], orders[customer]
        assert row["orders"] == len(ledger), customer
        assert row["lifetime_revenue"] == sum(Decimal(e["amount"]) for e in ledger), customer
        assert row["recency_days"] == (as_of - max(day(e) for e in ledger)).days, customer


def test_fact_orders_count_and_revenue_equal_the_ledger(full_run: dg.ExecuteInProcessResult,
                                                         lake_fixture: Fixture, spark: Any) -> None:
    orders, _ = _ledger_orders(lake_fixture)
    row = spark.sql("select count(*) as n, sum(total) as revenue from lake.core.fact_orders").first()
    assert row["n"] == sum(len(es) for es in orders.values())
    assert row["revenue"] == sum(Decimal(e["amount"]) for es in orders.values() for e in es)
