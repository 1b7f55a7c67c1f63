"""Reads Iceberg table state (current snapshot, its commit time and summary) from catalog metadata, without Spark.

Local: the embedded JDBC catalog is a SQLite file (catalog.db, table iceberg_tables) pointing at each table's
metadata JSON. AWS: Glue keeps the same pointer in the table parameter metadata_location, on S3.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse


@dataclass(frozen=True)
class TableState:
    table: str
    snapshot_id: int | None
    committed_at: datetime | None
    total_records: int | None
    snapshots: int
    operation: str | None
    writer: str | None

    @property
    def version(self) -> str:
        return str(self.snapshot_id) if self.snapshot_id is not None else "empty"


class TableNotFound(LookupError):
    pass


def state_from_metadata(table: str, metadata: dict[str, Any]) -> TableState:
    current = metadata.get("current-snapshot-id")
    snapshots = metadata.get("snapshots", [])
    snap = next((s for s in snapshots if s.get("snapshot-id") == current), None)
    if snap is None:
        return TableState(table, None, None, 0, len(snapshots), None, None)
    summary = snap.get("summary", {})
    total = summary.get("total-records")
    return TableState(
        table=table,
        snapshot_id=int(current),
        committed_at=datetime.fromtimestamp(snap["timestamp-ms"] / 1000, tz=UTC),
        total_records=int(total) if total is not None else None,
        snapshots=len(snapshots),
        operation=summary.get("operation"),
        writer=summary.get("lakehouse.writer-id"),
    )


class CatalogReader(Protocol):
    def table_state(self, table: str) -> TableState: ...


class SqliteCatalogReader:
    """The embedded catalog of spark-jobs: <data_dir>/catalog.db (catalog name `lake`)."""

    def __init__(self, data_dir: Path) -> None:
        self.db = data_dir / "catalog.db"

    def metadata_location(self, table: str) -> str:
        namespace, name = table.split(".")
        if not self.db.exists():
            raise TableNotFound(f"{table}: no catalog at {self.db}")
        # Read-only, never creates the file; WAL lets us read while a stream commits.
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30) as conn:
            row = conn.execute(
                "select metadata_location from iceberg_tables"
                " where catalog_name = 'lake' and table_namespace = ? and table_name = ?",
                (namespace, name),
            ).fetchone()
        if row is None:
            raise TableNotFound(f"{table}: not in {self.db}")
        return str(row[0])

    def table_state(self, table: str) -> TableState:
        location = urlparse(self.metadata_location(table))
        return state_from_metadata(table, json.loads(Path(location.path).read_text()))


class GlueCatalogReader:
    """AWS: Glue table parameter metadata_location -> metadata JSON on S3 (boto3; not reachable from here)."""

    def __init__(self, region: str, catalog_id: str = "") -> None:
        import boto3

        self.glue = boto3.client("glue", region_name=region)
        self.s3 = boto3.client("s3", region_name=region)
        self.catalog_id = catalog_id

    def table_state(self, table: str) -> TableState:
        namespace, name = table.split(".")
        args = {"DatabaseName": namespace, "Name": name} | ({"CatalogId": self.catalog_id} if self.catalog_id else {})
        try:
            params = self.glue.get_table(**args)["Table"].get("Parameters", {})
        except self.glue.exceptions.EntityNotFoundException as e:
            raise TableNotFound(table) from e
        location = urlparse(params["metadata_location"])
        body = self.s3.get_object(Bucket=location.netloc, Key=location.path.lstrip("/"))["Body"].read()
        return state_from_metadata(table, json.loads(body))
