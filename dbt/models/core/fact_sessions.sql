-- One row per visit (the site's session_id), from its clickstream, with the order it placed if any.
-- Incremental: sessions with a click or an order committed since the last run are recomputed whole.
{{ config(materialized='incremental', incremental_strategy='merge', unique_key='session_id',
          partition_by=['session_date']) }}

{% if is_incremental() %}
with touched as (
  select session_id from {{ ref('stg_clickstream') }} where _ingest_time > {{ ingested_since() }}
  union
  select session_id from {{ ref('stg_orders') }}
  where event_type = 'OrderPlaced' and session_id is not null and _ingest_time > {{ ingested_since() }}
),
clicks as (
  select * from {{ ref('stg_clickstream') }} where session_id in (select t.session_id from touched t)
),
{% else %}
with clicks as (
  select * from {{ ref('stg_clickstream') }}
),
{% endif %}
sessions as (
  select
    session_id,
    max(visitor_id) as visitor_id,
    max(customer_id) as customer_id,
    min(event_time) as started_at,
    max(event_time) as ended_at,
    min_by(device, event_time) as device,
    min_by(referrer, event_time) as referrer,
    min_by(utm_source, event_time) as utm_source,
    min_by(utm_medium, event_time) as utm_medium,
    min_by(utm_campaign, event_time) as utm_campaign,
    count(*) as events,
    count_if(event_type = 'PageViewed') as page_views,
    count_if(event_type = 'ProductViewed') as product_views,
    count_if(event_type = 'SearchPerformed') as searches,
    count_if(event_type = 'CartItemAdded') as cart_adds,
    count_if(event_type = 'CheckoutStarted') as checkouts,
    max(_ingest_time) as _ingest_time
  from clicks
  group by session_id
),
placed as (
  select session_id, min(order_id) as order_id, count(*) as orders, max(_ingest_time) as _ingest_time
  from {{ ref('stg_orders') }}
  where event_type = 'OrderPlaced' and session_id is not null
  group by session_id
),
order_customers as (
  select order_id, max(customer_id) as customer_id
  from {{ ref('stg_orders') }}
  group by order_id
)
select
  s.session_id,
  s.visitor_id,
  coalesce(s.customer_id, o.customer_id) as customer_id,
  s.started_at,
  s.ended_at,
  to_date(s.started_at) as session_date,
  cast(unix_timestamp(s.ended_at) - unix_timestamp(s.started_at) as bigint) as duration_seconds,
  s.device,
  s.referrer,
  s.utm_source,
  s.utm_medium,
  s.utm_campaign,
  s.events,
  s.page_views,
  s.product_views,
  s.searches,
  s.cart_adds,
  s.checkouts,
  p.order_id,
  coalesce(p.orders, 0) > 0 as converted,
  greatest(s._ingest_time, coalesce(p._ingest_time, s._ingest_time)) as _ingest_time
from sessions s
left join placed p on p.session_id = s.session_id
left join order_customers o
  on o.order_id = p.order_id
