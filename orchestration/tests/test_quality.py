"""The GX suites on their own: a table that lost rows since the previous run fails, as does a value outside its
set; Data Docs are written."""

from pathlib import Path
from typing import Any

from pyspark.sql import functions

from conftest import Fixture

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
