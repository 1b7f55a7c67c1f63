"""The lake written by spark-jobs: bronze, silver and gold Iceberg tables."""
