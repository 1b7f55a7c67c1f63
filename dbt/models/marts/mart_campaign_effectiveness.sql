-- Campaigns (utm_source / medium / campaign) and the orders they brought: an order is credited to the
-- customer's last campaign visit started at most var(attribution_window_days) days before it (last touch).
-- Erased customers' visits and orders are left out.
with visits as (
  select *
  from {{ ref('fact_sessions') }}
  where utm_campaign is not null
    and (customer_id is null or customer_id not in {{ erased_customers() }})
),
orders as (
  select order_id, customer_id, placed_at, total
  from {{ ref('fact_orders') }}
  where customer_id not in {{ erased_customers() }}
),
touches as (
  select
    o.order_id,
    o.total,
    v.utm_source,
    v.utm_medium,
    v.utm_campaign,
    row_number() over (partition by o.order_id order by v.started_at desc, v.session_id asc) as touch_rank
  from orders o
  inner join visits v
    on v.customer_id = o.customer_id
      and v.started_at <= o.placed_at
      and v.started_at >= o.placed_at - interval {{ var('attribution_window_days') }} days
),
credited as (
  select utm_source, utm_medium, utm_campaign, count(*) as attributed_orders, sum(total) as attributed_revenue
  from touches
  where touch_rank = 1
  group by utm_source, utm_medium, utm_campaign
),
campaign_visits as (
  select
    utm_source,
    utm_medium,
    utm_campaign,
    count(*) as sessions,
    count(distinct visitor_id) as visitors,
    count_if(converted) as converted_sessions
  from visits
  group by utm_source, utm_medium, utm_campaign
)
select
  v.utm_source,
  v.utm_medium,
  v.utm_campaign,
  v.sessions,
  v.visitors,
  v.converted_sessions,
  coalesce(c.attributed_orders, 0) as attributed_orders,
  coalesce(c.attributed_revenue, 0) as attributed_revenue,
  coalesce(c.attributed_orders, 0) / v.sessions as orders_per_session,
  cast(coalesce(c.attributed_revenue, 0) / v.sessions as decimal(12, 2)) as revenue_per_session
from campaign_visits v
left join credited c
  on c.utm_source <=> v.utm_source and c.utm_medium <=> v.utm_medium and c.utm_campaign = v.utm_campaign
