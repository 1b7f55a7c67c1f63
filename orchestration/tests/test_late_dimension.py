"""A product the facts know but the catalog never delivered (its ProductCreated came behind the watermark)
becomes an inferred member of dim_product, so the fact keeps its dimension row. The row is removed afterwards and
the models rebuilt, so the shared fixture stays valid."""

import os
import subprocess
from typing import Any

from conftest import Fixture, insert_row
from lakehouse_orchestration.settings import DBT_PROJECT_DIR, Settings, dbt_env

PRODUCT = "p-test-known-only-to-inventory"
MODELS = "stg_inventory dim_product"


def _dbt_run() -> None:
    env = {**os.environ, **dbt_env(Settings.from_env())}
    dbt = DBT_PROJECT_DIR.parent / "orchestration" / ".venv" / "bin" / "dbt"
    subprocess.run([str(dbt), "run", "--select", MODELS, "--profiles-dir", "."], cwd=DBT_PROJECT_DIR, env=env,
                   check=True, capture_output=True)


def test_a_product_only_the_facts_know_becomes_an_inferred_member(lake_fixture: Fixture, spark: Any) -> None:
    insert_row(spark, "lake.silver.inventory", {
        "event_id": "'test-inferred-product'", "event_time": "timestamp '2026-10-01 12:00:00'",
        "event_type": "'StockRestocked'", "product_id": f"'{PRODUCT}'", "warehouse_id": "'w-test'",
        "quantity": "5", "quantity_on_hand": "5", "ingest_time": "current_timestamp()"})
    try:
        _dbt_run()
        rows = spark.table("lake.core.dim_product").where(f"product_id = '{PRODUCT}'").collect()
        assert len(rows) == 1, rows
        assert rows[0]["is_inferred"] and rows[0]["is_current"] and rows[0]["status"] == "unknown"
        assert rows[0]["price"] is None
        known = spark.table("lake.core.dim_product").where("not is_inferred").select("product_id").distinct()
        assert known.count() == spark.table("lake.silver.catalog").select("product_id").distinct().count()
    finally:
        spark.sql("delete from lake.silver.inventory where event_id = 'test-inferred-product'")
        _dbt_run()
    assert spark.table("lake.core.dim_product").where(f"product_id = '{PRODUCT}'").count() == 0
