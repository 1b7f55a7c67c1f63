"""Great Expectations suites for bronze, silver and the marts, run as Dagster asset checks."""
