from dataclasses import replace

import dagster as dg

from lakehouse_orchestration.lake.maintenance import MAINTAIN, iceberg_maintenance, maintenance_schedule
from lakehouse_orchestration.lake.resources import SparkJobs
from lakehouse_orchestration.settings import REPO_ROOT


def jvm_options() -> list[str]:
    """The flags of spark-jobs/jvm.options, their one home (a java argument file: '#' starts a comment)."""
    text = (REPO_ROOT / "spark-jobs" / "jvm.options").read_text()
    return [flag for line in text.splitlines() for flag in line.split("#", 1)[0].split()]


def test_maintenance_runs_lakehouse_jobs_maintain_on_the_data_dir() -> None:
    command = SparkJobs(data_dir="/data/lake").command(MAINTAIN)
    assert command[0] == "java"
    flags = jvm_options()
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in flags
    assert command[1:1 + len(flags)] == flags
    main = command.index("dev.lakehouse.spark.LakehouseJobs")
    assert command[main + 1:] == ["maintain", "--data-dir", "/data/lake"]
    assert command[command.index("-cp") + 1].split(":")[0].endswith("spark-jobs/target/classes")


def test_locally_dagster_is_the_one_maintenance_schedule() -> None:
    # The local stack has no Kubernetes: Dagster schedules maintenance there (on AWS the chart does, test_aws_target).
    from lakehouse_orchestration.definitions import build_definitions
    from lakehouse_orchestration.settings import Settings

    repo = build_definitions(replace(Settings.from_env(), mode="local", dbt_target="local")).get_repository_def()
    schedules = [s for s in repo.schedule_defs if s.job_name == iceberg_maintenance.name]
    assert [s.name for s in schedules] == [maintenance_schedule.name]


def test_the_schedule_runs_the_maintenance_job_hourly() -> None:
    assert maintenance_schedule.job_name == iceberg_maintenance.name
    assert maintenance_schedule.cron_schedule == "17 * * * *"
    assert maintenance_schedule.default_status == dg.DefaultScheduleStatus.RUNNING
