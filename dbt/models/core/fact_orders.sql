-- One row per order: what was placed, and how it went on (paid, shipped, cancelled, refunded).
-- Incremental: orders with an event committed since the last run are recomputed from all their events.
{{ config(materialized='incremental', incremental_strategy='merge', unique_key='order_id',
          partition_by=['order_date']) }}

with events as (
  select o.*
  from {{ ref('stg_orders') }} o
  {% if is_incremental() %}
  where o.order_id in (select n.order_id from {{ ref('stg_orders') }} n where n._ingest_time > {{ ingested_since() }})
  {% endif %}
),
orders as (
  select
    order_id,
    max(customer_id) as customer_id,
    max(session_id) filter (where event_type = 'OrderPlaced') as session_id,
    min(event_time) filter (where event_type = 'OrderPlaced') as placed_at,
    max(line_count) filter (where event_type = 'OrderPlaced') as line_count,
    max(subtotal) filter (where event_type = 'OrderPlaced') as subtotal,
    max(shipping) filter (where event_type = 'OrderPlaced') as shipping,
    max(tax) filter (where event_type = 'OrderPlaced') as tax,
    max(total) filter (where event_type = 'OrderPlaced') as total,
    max(currency) filter (where event_type = 'OrderPlaced') as currency,
    max(shipping_country) filter (where event_type = 'OrderPlaced') as shipping_country,
    min(event_time) filter (where event_type = 'OrderPaid') as paid_at,
    max(payment_method) filter (where event_type = 'OrderPaid') as payment_method,
    sum(amount) filter (where event_type = 'OrderPaid') as paid_amount,
    min(event_time) filter (where event_type = 'OrderShipped') as shipped_at,
    min(event_time) filter (where event_type = 'OrderCancelled') as cancelled_at,
    max(event_time) filter (where event_type = 'OrderRefunded') as refunded_at,
    coalesce(sum(amount) filter (where event_type = 'OrderRefunded'), 0) as refunded_amount,
    max(_ingest_time) as _ingest_time
  from events
  group by order_id
)
select
  order_id,
  customer_id,
  session_id,
  placed_at,
  to_date(placed_at) as order_date,
  case
    when cancelled_at is not null then 'cancelled'
    when refunded_amount > 0 then 'returned'
    when shipped_at is not null then 'shipped'
    when paid_at is not null then 'paid'
    else 'placed'
  end as status,
  line_count,
  subtotal,
  shipping,
  tax,
  total,
  currency,
  shipping_country,
  paid_at,
  payment_method,
  paid_amount,
  shipped_at,
  cancelled_at,
  refunded_at,
  refunded_amount,
  total - refunded_amount as net_revenue,
  _ingest_time
from orders
-- an order whose OrderPlaced has not landed yet waits for it (it is recomputed when it does)
where placed_at is not null
