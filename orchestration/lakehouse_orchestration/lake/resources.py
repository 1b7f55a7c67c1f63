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
    """Runs a spark-jobs command: a local JVM (LakehouseJobs on the spark-jobs classpath), or an EMR step."""

    mode: str = "local"
    data_dir: str = ""
    aws_region: str = "eu-central-1"
    emr_cluster_id: str = ""
    spark_jobs_jar: str = ""

    def command(self, args: list[str]) -> list[str]:
        """The local command line (also what the EMR step runs, through spark-submit)."""
        env = spark_env()
        return ["java", *env["LAKEHOUSE_SPARK_JVM_FLAGS"].split(), "-Xmx1g", "-cp", env["LAKEHOUSE_SPARK_CP"],
                "dev.lakehouse.spark.LakehouseJobs", *args, "--data-dir", self.data_dir]

    def run(self, args: list[str], log: Any) -> str:
        if self.mode == "aws":
            return self._emr_step(args, log)
        result = subprocess.run(self.command(args), cwd=REPO_ROOT, capture_output=True, text=True,
                                env={**os.environ, **spark_env()})
        if result.returncode != 0:
            raise dg.Failure(f"LakehouseJobs {' '.join(args)} exited {result.returncode}",
                             metadata={"stderr": dg.MetadataValue.text(result.stderr[-4000:])})
        return result.stdout

    def _emr_step(self, args: list[str], log: Any) -> str:
        import boto3

        emr = boto3.client("emr", region_name=self.aws_region)
        step = {
            "Name": f"lakehouse {' '.join(args)}",
            "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {"Jar": "command-runner.jar", "Args": [
                "spark-submit", "--class", "dev.lakehouse.spark.LakehouseJobs", self.spark_jobs_jar, *args,
                "--set", "lakehouse.catalog.type=glue"]},
        }
        step_id = emr.add_job_flow_steps(JobFlowId=self.emr_cluster_id, Steps=[step])["StepIds"][0]
        log.info(f"EMR step {step_id} on {self.emr_cluster_id}")
        emr.get_waiter("step_complete").wait(ClusterId=self.emr_cluster_id, StepId=step_id,
                                             WaiterConfig={"Delay": 30, "MaxAttempts": 240})
        return step_id


def lake_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    common = {"mode": settings.mode, "data_dir": str(settings.data_dir), "aws_region": settings.aws_region}
    return {
        "lake": LakeCatalog(**common, glue_catalog_id=settings.glue_catalog_id),
        "spark_jobs": SparkJobs(**common, emr_cluster_id=settings.emr_cluster_id,
                                spark_jobs_jar=settings.spark_jobs_jar),
    }
