"""Dagster code of the lakehouse: lake tables as observed sources, the dbt warehouse, quality checks."""
