"""The GX suites on their own: a table that lost rows since the previous run fails, as does a value outside its
set; Data Docs are written."""

from pathlib import Path
from typing import Any

from pyspark.sql import functions

from conftest import Fixture, insert_row
from lakehouse_orchestration.quality.checks import run_suite
from lakehouse_orchestration.quality.suites import SUITES


def test_row_count_below_the_previous_run_and_unknown_values_fail(lake_fixture: Fixture, spark: Any,
                                                                   tmp_path: Path) -> None:
    suite = next(s for s in SUITES if s.table == "silver.catalog")
    table = spark.table("lake.silver.catalog")

    first = run_suite(suite, table, tmp_path)
    assert first.success and first.rows == table.count() and first.docs.exists()

    shrunk = run_suite(suite, table.limit(10), tmp_path)
    assert not shrunk.success
    assert any("expect_table_row_count_to_be_between" in f for f in shrunk.failed), shrunk.failed

    events = next(s for s in SUITES if s.table == "bronze.events")
    renamed = spark.table("lake.bronze.events").withColumn("domain", functions.lit("payments"))
    outcome = run_suite(events, renamed, tmp_path)
    assert any("expect_column_values_to_be_in_set" in f and "domain" in f for f in outcome.failed), outcome.failed


def test_a_line_refers_to_a_product_in_silver_or_to_one_that_came_late(lake_fixture: Fixture, spark: Any,
                                                                     tmp_path: Path) -> None:
    suite = next(s for s in SUITES if s.table == "silver.order_items")
    line = spark.table("lake.silver.order_items").limit(1)
    late_id = "p-test-created-late"
    insert_row(spark, "lake.silver.late_events", {
        "domain": "'catalog'", "event_id": "'test-late-product'", "event_time": "timestamp '2026-09-30 12:00:00'",
        "payload_json": f"'{{\"product_id\":\"{late_id}\",\"payload\":{{\"branch\":\"ProductCreated\"}}}}'",
        "ingest_time": "current_timestamp()"})
    try:
        late = run_suite(suite, line.withColumn("product_id", functions.lit(late_id)), tmp_path / "late")
        assert late.success, late.failed
        unknown = run_suite(suite, line.withColumn("product_id", functions.lit("p-test-nowhere")), tmp_path / "unknown")
        assert any("unexpected_rows" in f and "product_id" in f for f in unknown.failed), unknown.failed
    finally:
        spark.sql("delete from lake.silver.late_events where event_id = 'test-late-product'")
