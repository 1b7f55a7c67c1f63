"""A Spark session on the lake for this process (quality checks, tests), configured from dbt/profiles.yml.

The server_side_parameters of the settings' dbt target (`local` or `aws`) are the one place the lake's Spark
settings are written down for Python; this module renders them (env_var() as dbt does) so dbt and Dagster open the
same catalog: the embedded one locally, Glue on AWS.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import jinja2
import yaml

from ..settings import DBT_PROJECT_DIR, Settings, dbt_env


def lake_spark_conf(settings: Settings) -> dict[str, str]:
    env = {**os.environ, **dbt_env(settings)}

    def env_var(name: str, default: str | None = None) -> str:
        if name in env:
            return env[name]
        if default is None:
            raise KeyError(f"profiles.yml needs the environment variable {name}")
        return default

    text = (DBT_PROJECT_DIR / "profiles.yml").read_text()
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    rendered = jinja.from_string(text).render(env_var=env_var)
    params: dict[str, Any] = yaml.safe_load(rendered)["lakehouse"]["outputs"][settings.dbt_target][
        "server_side_parameters"]
    return {k: str(v) for k, v in params.items()}


@cache
def lake_spark(settings: Settings) -> Any:
    """The process's SparkSession (PySpark 3.5.7 + Iceberg, catalog `lake`); started once, on first use."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder
    for key, value in lake_spark_conf(settings).items():
        builder = builder.config(key, value)
    return builder.config("spark.app.name", "lakehouse-dagster").getOrCreate()
