"""The expectation suites, one per table. `critical` suites are blocking checks: if one fails, the assets
downstream of its table do not run (a null key in silver stops the dbt build).

Row counts are judged against the previous run's count (kept in row_counts.json beside the Data Docs): bronze and
silver are append-only and the marts only grow with them, so a drop means data was lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Expectation:
    """A GX expectation by class name and arguments; built only when a suite runs (importing GX takes seconds,
    and loading the Dagster definitions must not pay for it)."""

    kind: str
    kwargs: dict[str, Any]

    def build(self) -> Any:
        import great_expectations as gx

        return getattr(gx.expectations, self.kind)(**self.kwargs)


class _Factory:
    def __getattr__(self, kind: str) -> Any:
        return lambda **kwargs: Expectation(kind, kwargs)


E = _Factory()


@dataclass(frozen=True)
class Suite:
    table: str  # lake table, e.g. silver.orders
    critical: bool
    expectations: list[Expectation] = field(default_factory=list)
    grows: bool = True  # row count may not drop between runs (marts shrink when a customer is erased)
    min_rows: int = 1

    @property
    def name(self) -> str:
        return self.table.replace(".", "_")


def _not_null(*cols: str) -> list[Expectation]:
    return [E.ExpectColumnValuesToNotBeNull(column=c) for c in cols]


def _unique(*cols: str) -> list[Expectation]:
    return [E.ExpectColumnValuesToBeUnique(column=c) for c in cols]


def _in_set(col: str, values: list[str]) -> Expectation:
    return E.ExpectColumnValuesToBeInSet(column=col, value_set=values)


def _min(col: str, low: float) -> Expectation:
    return E.ExpectColumnValuesToBeBetween(column=col, min_value=low)


def _refers(col: str, table: str, key: str, where: str = "true", late: str | None = None) -> Expectation:
    """Referential integrity: every non-null `col` is a `key` of lake.<table> (rows of {batch} that are not), or
    of the `late` events (_late). Rows committed in the last LAKEHOUSE_IN_FLIGHT_MINUTES (set while the platform
    runs) are not judged: the referenced table is fed by another stream, which may be a batch behind."""
    in_flight = int(os.environ.get("LAKEHOUSE_IN_FLIGHT_MINUTES", "0"))
    keys = f"select {key} from lake.{table} where {key} is not null and {where}"
    if late:
        keys += f" union all {late}"
    return E.UnexpectedRowsExpectation(
        description=f"{col} refers to lake.{table}.{key}" + (" or a late event" if late else ""),
        unexpected_rows_query=(
            f"select {col} from {{batch}} where {col} is not null and {col} not in ({keys})"
            + (f" and ingest_time < current_timestamp() - interval {in_flight} minutes" if in_flight else "")
        ),
    )


def _late(domain: str, path: str, branch: str | None = None) -> str:
    """Keys of the events of `domain` (payload `branch`) that came behind the watermark: silver.late_events."""
    key = f"get_json_object(payload_json, '{path}')"
    # not null: one null among the keys of a NOT IN makes it pass every row
    query = f"select {key} from lake.silver.late_events where domain = '{domain}' and {key} is not null"
    if branch:
        query += f" and get_json_object(payload_json, '$.payload.branch') = '{branch}'"
    return query


DOMAINS = ["clickstream", "orders", "inventory", "customers", "catalog"]

SUITES: list[Suite] = [
    Suite("bronze.events", critical=True, expectations=[
        *_not_null("event_id", "domain", "topic", "kafka_offset", "ingest_time"),
        _in_set("domain", DOMAINS),
        _min("kafka_offset", 0),
    ]),
    Suite("silver.clickstream", critical=True, expectations=[
        *_not_null("event_id", "event_time", "session_id", "visitor_id", "event_type"), *_unique("event_id"),
        _in_set("event_type", ["PageViewed", "ProductViewed", "SearchPerformed", "CartItemAdded",
                               "CartItemRemoved", "CheckoutStarted"]),
        _in_set("device", ["DESKTOP", "MOBILE", "TABLET", "APP"]),
        _min("amount", 0),
    ]),
    Suite("silver.orders", critical=True, expectations=[
        *_not_null("event_id", "event_time", "order_id", "customer_id", "event_type"), *_unique("event_id"),
        _in_set("event_type", ["OrderPlaced", "OrderPaid", "OrderShipped", "OrderCancelled", "OrderRefunded"]),
        _min("total", 0), _min("amount", 0),
    ]),
    Suite("silver.order_items", critical=True, expectations=[
        *_not_null("order_id", "line_number", "product_id", "quantity", "unit_price"),
        E.ExpectColumnValuesToBeBetween(column="quantity", min_value=1, max_value=100),
        _refers("order_id", "silver.orders", "order_id", "event_type = 'OrderPlaced'",
                late=_late("orders", "$.order_id", "OrderPlaced")),
        _refers("product_id", "silver.catalog", "product_id", late=_late("catalog", "$.product_id")),
    ]),
    Suite("silver.inventory", critical=True, expectations=[
        *_not_null("event_id", "product_id", "warehouse_id", "event_type"), *_unique("event_id"),
        _min("quantity_on_hand", 0),
        _in_set("event_type", ["StockReserved", "StockReleased", "StockRestocked", "StockAdjusted"]),
    ]),
    Suite("silver.customers", critical=True, expectations=[
        *_not_null("event_id", "customer_id", "event_type"), *_unique("event_id"),
        _in_set("segment", ["BARGAIN_HUNTER", "REGULAR", "LOYAL", "VIP", "UNKNOWN"]),
    ]),
    Suite("silver.catalog", critical=True, expectations=[
        *_not_null("event_id", "product_id", "event_type"), *_unique("event_id"),
        _min("price", 0),
    ]),
    Suite("marts.mart_customer_lifetime_value", critical=False, grows=False, expectations=[
        *_not_null("customer_id", "orders", "lifetime_revenue", "recency_days"), *_unique("customer_id"),
        _min("orders", 1), _min("lifetime_revenue", 0),
        E.ExpectColumnValuesToBeBetween(column="r_score", min_value=1, max_value=5),
        _in_set("rfm_segment", ["champions", "loyal", "new", "at_risk", "hibernating", "promising"]),
        _refers("customer_id", "core.dim_customer", "customer_id"),
        E.UnexpectedRowsExpectation(
            description="no customer who asked for erasure",
            unexpected_rows_query=(
                "select customer_id from {batch} where customer_id in "
                "(select customer_id from lake.silver.customers where event_type = 'ErasureRequested')"
            ),
        ),
    ]),
    Suite("marts.mart_product_affinity", critical=False, grows=False, min_rows=0, expectations=[
        *_not_null("product_a", "product_b", "lift"),
        E.ExpectColumnValuesToBeBetween(column="support", min_value=0, max_value=1),
        _min("lift", 0),
        _refers("product_a", "core.dim_product", "product_id"),
    ]),
    Suite("marts.mart_funnel_conversion", critical=False, grows=False, expectations=[
        *_not_null("session_date", "sessions"),
        E.ExpectColumnValuesToBeBetween(column="conversion_rate", min_value=0, max_value=1),
    ]),
    Suite("marts.mart_campaign_effectiveness", critical=False, grows=False, expectations=[
        *_not_null("utm_campaign", "sessions", "attributed_orders"), _min("attributed_orders", 0),
    ]),
    Suite("marts.mart_hourly_event_anomalies", critical=False, expectations=[
        *_not_null("event_hour", "domain", "event_type", "events"), _in_set("domain", DOMAINS),
    ]),
]
