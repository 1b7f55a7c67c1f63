from datetime import UTC, datetime, timedelta

from lakehouse_orchestration.lake.iceberg_metadata import TableState, state_from_metadata
from lakehouse_orchestration.sensors import changed_tables, stream_health

NOW = datetime(2026, 10, 2, 12, 0, tzinfo=UTC)


def _state(table: str, snapshot: int | None, minutes_ago: float, writer: str | None = "silver/q") -> TableState:
    return TableState(table, snapshot, NOW - timedelta(minutes=minutes_ago) if snapshot else None, 10, 1,
                      "append", writer)


def test_state_from_metadata_reads_the_current_snapshot() -> None:
    metadata = {"current-snapshot-id": 2, "snapshots": [
        {"snapshot-id": 1, "timestamp-ms": 1_000, "summary": {"operation": "append", "total-records": "5"}},
        {"snapshot-id": 2, "timestamp-ms": 2_000, "summary": {"operation": "append", "total-records": "9",
                                                              "lakehouse.writer-id": "silver/abc"}},
    ]}
    state = state_from_metadata("silver.orders", metadata)
    assert (state.snapshot_id, state.total_records, state.snapshots, state.writer) == (2, 9, 2, "silver/abc")
    assert state.committed_at == datetime.fromtimestamp(2, tz=UTC)
    assert state_from_metadata("silver.orders", {"current-snapshot-id": -1}).version == "empty"


def test_stream_health_judges_the_newest_stream_commit() -> None:
    limit = timedelta(minutes=15)
    assert stream_health([_state("silver.orders", 1, 3), _state("bronze.events", 2, 40)], NOW, limit)[0]
    healthy, why = stream_health([_state("silver.orders", 1, 30)], NOW, limit)
    assert not healthy and "stale" in why
    assert not stream_health([_state("silver.orders", 1, 1, writer=None)], NOW, limit)[0]


def test_changed_tables_compares_snapshot_ids_with_the_cursor() -> None:
    states = {"silver.orders": _state("silver.orders", 7, 1), "silver.catalog": _state("silver.catalog", 3, 1),
              "silver.customers": _state("silver.customers", None, 0)}
    assert changed_tables(states, {"silver.orders": "7", "silver.catalog": "2"}) == ["silver.catalog"]
    assert changed_tables(states, {}) == ["silver.orders", "silver.catalog"]
