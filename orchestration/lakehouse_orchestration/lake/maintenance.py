"""Iceberg maintenance (spark-jobs `LakehouseJobs maintain`): compaction, manifest rewrite, snapshot expiry,
orphan removal, on a schedule: a JVM beside Dagster, in local mode only.

On AWS the Helm chart schedules it (ScheduledSparkApplication `<release>-maintain`, beside the stream it maintains,
in the same image), so the AWS code location has neither this job nor its schedule: two schedulers would run two
maintenances on the same tables. test_aws_target (this side) and HelmChartTest (the chart) hold each to that."""

import dagster as dg

from .resources import SparkJobs

LAYERS = "bronze,silver,gold"


@dg.op(description=f"LakehouseJobs maintain --layer {LAYERS}")
def maintain_lake(context: dg.OpExecutionContext, spark_jobs: SparkJobs) -> None:
    report = spark_jobs.run(["maintain", "--layer", LAYERS], context.log)
    context.log.info(report)


@dg.job(description="Compaction, manifest rewrite, snapshot expiry and orphan removal of every lake table")
def iceberg_maintenance() -> None:
    maintain_lake()


# Hourly, off the hour (the streams commit continuously; maintenance retries conflicting commits).
maintenance_schedule = dg.ScheduleDefinition(job=iceberg_maintenance, cron_schedule="17 * * * *",
                                             default_status=dg.DefaultScheduleStatus.RUNNING)
