"""The AWS side of the code location, as far as it can be reached here: dbt's `aws` target opens the lake the way
spark-jobs does on AWS (Iceberg's Glue catalog, S3FileIO) with the engine the local target tests (dbt-spark's session
method), dbt parses the project with it, and the aws-mode definitions load without the maintenance that the Helm
chart schedules on AWS. No AWS account is reached: Glue and S3 are only named."""

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from lakehouse_orchestration.lake.spark import lake_spark_conf
from lakehouse_orchestration.settings import DBT_PROJECT_DIR, Settings

CATALOG = "spark.sql.catalog.lake"
# What differs between the targets: the catalog (embedded JDBC vs Glue + S3) and its sizing defaults.
CATALOG_KEYS = {f"{CATALOG}.{k}" for k in ("catalog-impl", "io-impl", "uri", "jdbc.schema-version")}


def aws_settings(tmp_path: Path) -> Settings:
    return replace(Settings.from_env(), mode="aws", dbt_target="aws", data_dir=tmp_path)


def test_the_aws_target_opens_the_glue_catalog_with_s3_file_io(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKEHOUSE_CATALOG_WAREHOUSE", "s3://lakehouse-prod-silver/warehouse")
    conf = lake_spark_conf(aws_settings(tmp_path))
    # The values CatalogSettings (contracts/) gives spark-jobs for lakehouse.catalog.type=glue, the chart's AWS type.
    assert conf[f"{CATALOG}.catalog-impl"] == "org.apache.iceberg.aws.glue.GlueCatalog"
    assert conf[f"{CATALOG}.io-impl"] == "org.apache.iceberg.aws.s3.S3FileIO"
    assert conf[f"{CATALOG}.warehouse"] == "s3://lakehouse-prod-silver/warehouse"
    assert conf[f"{CATALOG}.cache-enabled"] == "false"
    assert conf["spark.sql.defaultCatalog"] == "lake"
    # The catalog's own settings, not the classpath (which names the SQLite driver jar wherever spark_env.sh ran).
    catalog = {k: v for k, v in conf.items() if k.startswith(CATALOG)}
    assert f"{CATALOG}.uri" not in catalog
    assert not any("sqlite" in v for v in catalog.values()), "the aws target must not open the embedded catalog"


def test_both_targets_run_the_same_engine_and_differ_only_in_the_catalog(tmp_path: Path) -> None:
    local = lake_spark_conf(replace(Settings.from_env(), mode="local", dbt_target="local", data_dir=tmp_path))
    aws = lake_spark_conf(aws_settings(tmp_path))
    assert set(local) - CATALOG_KEYS == set(aws) - CATALOG_KEYS
    for key in ("spark.sql.extensions", CATALOG, "spark.sql.catalogImplementation", "spark.sql.session.timeZone"):
        assert local[key] == aws[key], key


def test_dbt_parses_the_project_with_the_aws_target(tmp_path: Path) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run([str(dbt), "parse", "--profiles-dir", ".", "--target", "aws", "--target-path",
                             str(tmp_path / "target"), "--quiet"], cwd=DBT_PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "target" / "manifest.json").exists()


def test_the_aws_definitions_leave_maintenance_to_the_helm_chart(tmp_path: Path) -> None:
    from lakehouse_orchestration.definitions import build_definitions

    defs = build_definitions(aws_settings(tmp_path))
    repo = defs.get_repository_def()
    assert not repo.schedule_defs, "on AWS the chart's ScheduledSparkApplication is the one maintenance schedule"
    assert "iceberg_maintenance" not in {job.name for job in repo.get_all_jobs()}
    assert repo.get_sensor_def("lake_sensor")
    assert defs.resources["dbt"].target == "aws"
    assert "spark_jobs" not in defs.resources, "no Spark job is started from Dagster on AWS"
