"""The dbt project (../dbt) as Dagster assets."""
