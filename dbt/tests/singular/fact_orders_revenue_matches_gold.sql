-- Revenue in fact_orders, summed per minute and currency, equals the streaming KPI
-- lake.gold.revenue_per_minute (both: sum of OrderPlaced totals by event minute). Returns the minutes that differ.
-- Minutes touched in the last var(in_flight_minutes) minutes, in silver or in gold, are left out: gold may not have
-- caught up with silver yet, or may hold orders committed after fact_orders was built.
-- meta.dagster.ref: Dagster shows this test as an asset check of fact_orders.
{{ config(meta={'dagster': {'ref': {'name': 'fact_orders'}}}) }}
with warehouse as (
  select
    date_trunc('MINUTE', placed_at) as minute, currency, sum(total) as revenue, count(*) as orders,
    max(_ingest_time) as touched
  from {{ ref('fact_orders') }}
  group by 1, 2
),
gold as (
  select minute, currency, revenue, orders, updated_at as touched from {{ source('gold', 'revenue_per_minute') }}
)
select
  coalesce(w.minute, g.minute) as minute,
  coalesce(w.currency, g.currency) as currency,
  w.revenue as warehouse_revenue,
  g.revenue as gold_revenue,
  w.orders as warehouse_orders,
  g.orders as gold_orders
from warehouse w
full outer join gold g on g.minute = w.minute and g.currency = w.currency
where (not (w.revenue <=> g.revenue) or not (w.orders <=> g.orders))
  and greatest(w.touched, g.touched) < {{ in_flight_cutoff() }}
