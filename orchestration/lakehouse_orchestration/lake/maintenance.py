"""Iceberg maintenance (spark-jobs `LakehouseJobs maintain`): compaction, manifest rewrite, snapshot expiry,
orphan removal, on a schedule: a JVM beside Dagster, in local mode only.

On AWS the Helm chart schedules it (ScheduledSparkApplication `<release>-maintain`, beside the stream it maintains,
in the same image), so the AWS code location has neither this job nor its schedule: two schedulers would run two
maintenances on the same tables. test_aws_target (this side) and HelmChartTest (the chart) hold each to that."""

import dagster as dg

from .resources import SparkJobs

# No --layer: maintain's default (every namespace the lake contract has: bronze, silver, gold, privacy, ml) is the one
# list of what is maintained; naming layers here had left the privacy and ml tables' snapshots unexpired.
MAINTAIN = ["maintain"]


@dg.op(description="LakehouseJobs maintain (every namespace of the lake contract)")
def maintain_lake(context: dg.OpExecutionContext, spark_jobs: SparkJobs) -> None:
    report = spark_jobs.run(MAINTAIN, context.log)
    context.log.info(report)


@dg.job(description="Compaction, manifest rewrite, snapshot expiry and orphan removal of every lake table")
def iceberg_maintenance() -> None:
    maintain_lake()


# Hourly, off the hour (the streams commit continuously; maintenance retries conflicting commits).
maintenance_schedule = dg.ScheduleDefinition(job=iceberg_maintenance, cron_schedule="17 * * * *",
                                             default_status=dg.DefaultScheduleStatus.RUNNING)
