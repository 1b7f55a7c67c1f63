from dataclasses import replace

import dagster as dg

from lakehouse_orchestration.lake.recommendations import recommendations, recommendations_schedule
from lakehouse_orchestration.lake.resources import SparkJobs


def test_the_job_runs_lakehouse_jobs_recommend_on_the_data_dir() -> None:
    command = SparkJobs(data_dir="/data/lake").command(["recommend"])
    main = command.index("dev.lakehouse.spark.LakehouseJobs")
    assert command[main + 1:] == ["recommend", "--data-dir", "/data/lake"]


def test_locally_the_recommender_trains_hourly_and_not_on_aws() -> None:
    from lakehouse_orchestration.definitions import build_definitions
    from lakehouse_orchestration.settings import Settings

    assert recommendations_schedule.job_name == recommendations.name
    assert recommendations_schedule.cron_schedule == "47 * * * *"
    assert recommendations_schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    local = build_definitions(replace(Settings.from_env(), mode="local", dbt_target="local")).get_repository_def()
    assert [s.name for s in local.schedule_defs if s.job_name == recommendations.name] == [
        recommendations_schedule.name]
    aws = build_definitions(replace(Settings.from_env(), mode="aws", dbt_target="aws")).get_repository_def()
    assert not [s for s in aws.schedule_defs if s.job_name == recommendations.name]
