"""Resources over the lake, switched local vs AWS by LAKEHOUSE_MODE (see settings.py)."""

import os
import subprocess
from pathlib import Path
from typing import Any

import dagster as dg

from ..settings import REPO_ROOT, Settings, spark_env
from .iceberg_metadata import CatalogReader, GlueCatalogReader, SqliteCatalogReader, TableState


class LakeCatalog(dg.ConfigurableResource):
    """Reads Iceberg snapshot metadata: the embedded SQLite catalog locally, Glue on AWS."""

    mode: str = "local"
    data_dir: str = ""
    aws_region: str = "eu-central-1"
    glue_catalog_id: str = ""

    def reader(self) -> CatalogReader:
        if self.mode == "aws":
            return GlueCatalogReader(self.aws_region, self.glue_catalog_id)
        return SqliteCatalogReader(Path(self.data_dir).resolve() if self.data_dir else Settings.from_env().data_dir)

    def table_state(self, table: str) -> TableState:
        return self.reader().table_state(table)


class SparkJobs(dg.ConfigurableResource):
    """Runs a spark-jobs command in a local JVM (LakehouseJobs on the spark-jobs classpath). Local mode only: on AWS
    the Spark jobs are the Helm chart's SparkApplications (the Spark operator on EKS), see docs/deployment.md."""

    data_dir: str = ""

    def command(self, args: list[str]) -> list[str]:
        env = spark_env()
        return ["java", *env["LAKEHOUSE_SPARK_JVM_FLAGS"].split(), "-Xmx1g", "-cp", env["LAKEHOUSE_SPARK_CP"],
                "dev.lakehouse.spark.LakehouseJobs", *args, "--data-dir", self.data_dir]

    def run(self, args: list[str], log: Any) -> str:
        result = subprocess.run(self.command(args), cwd=REPO_ROOT, capture_output=True, text=True,
                                env={**os.environ, **spark_env()})
        if result.returncode != 0:
            raise dg.Failure(f"LakehouseJobs {' '.join(args)} exited {result.returncode}",
                             metadata={"stderr": dg.MetadataValue.text(result.stderr[-4000:])})
        return result.stdout


def lake_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    lake = LakeCatalog(mode=settings.mode, data_dir=str(settings.data_dir), aws_region=settings.aws_region,
                       glue_catalog_id=settings.glue_catalog_id)
    if settings.mode == "aws":
        return {"lake": lake}
    return {"lake": lake, "spark_jobs": SparkJobs(data_dir=str(settings.data_dir))}
