"""The recommender's training run (spark-jobs `LakehouseJobs recommend`, docs/recommendations.md) on a schedule: it
trains on silver's views, carts and orders, grades the model on a time split beside popularity, and publishes the
version's lists (ml.recommendations, ml.popular_products) and its record (ml.models: settings, figures, the silver
snapshot ids it read). A JVM beside Dagster, in local mode only, as maintenance (maintenance.py); the Helm chart has
no recommend schedule yet."""

import dagster as dg

from .resources import SparkJobs


@dg.op(description="LakehouseJobs recommend")
def train_recommender(context: dg.OpExecutionContext, spark_jobs: SparkJobs) -> None:
    report = spark_jobs.run(["recommend"], context.log)
    context.log.info(report)


@dg.job(description="Train, grade and publish the recommender (item-to-item on silver's views, carts and orders)")
def recommendations() -> None:
    train_recommender()


# Hourly, away from maintenance's :17: each run replaces the served lists; ml.models keeps every version's figures.
recommendations_schedule = dg.ScheduleDefinition(job=recommendations, cron_schedule="47 * * * *",
                                                 default_status=dg.DefaultScheduleStatus.RUNNING)
