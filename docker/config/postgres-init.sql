-- The registry keeps its artifacts in its own database beside the Iceberg JDBC catalog.
CREATE DATABASE registry OWNER lakehouse;
