"""The Dagster code location: `dagster dev -m lakehouse_orchestration.definitions` (see docs/warehouse.md)."""

import dagster as dg

from .lake.assets import lake_source_assets, observe_lake_job
from .lake.maintenance import iceberg_maintenance, maintenance_schedule
from .lake.recommendations import recommendations, recommendations_schedule
from .lake.resources import lake_resources
from .quality.checks import quality_checks
from .sensors import make_lake_sensor
from .settings import Settings
from .warehouse.assets import dbt_resource, warehouse_dbt


def build_definitions(settings: Settings) -> dg.Definitions:
    # Maintenance is Dagster's locally only; on AWS the Helm chart's ScheduledSparkApplication runs it (maintenance.py).
    # So is the recommender's training (recommendations.py), which the chart does not schedule yet.
    local = settings.mode == "local"
    return dg.Definitions(
        assets=[*lake_source_assets, warehouse_dbt],
        asset_checks=quality_checks,
        jobs=[observe_lake_job, iceberg_maintenance, recommendations] if local else [observe_lake_job],
        schedules=[maintenance_schedule, recommendations_schedule] if local else [],
        sensors=[make_lake_sensor(warehouse_dbt, quality_checks)],
        resources={**lake_resources(settings), "dbt": dbt_resource(settings)},
        # One process: the quality checks share this process's Spark session instead of starting a JVM per step.
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
