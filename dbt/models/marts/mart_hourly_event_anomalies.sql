-- Events per hour and type, scored against the same hour of day on earlier days:
-- z = (events - mean) / stddev over the earlier same-hour counts (at least 2 of them, else null).
with events as (
  select 'clickstream' as domain, event_type, event_time from {{ ref('stg_clickstream') }}
  union all
  select 'orders' as domain, event_type, event_time from {{ ref('stg_orders') }}
  union all
  select 'inventory' as domain, event_type, event_time from {{ ref('stg_inventory') }}
  union all
  select 'customers' as domain, event_type, event_time from {{ ref('stg_customers') }}
  union all
  select 'catalog' as domain, event_type, event_time from {{ ref('stg_catalog') }}
),
hourly as (
  select date_trunc('HOUR', event_time) as event_hour, domain, event_type, count(*) as events
  from events
  group by 1, 2, 3
),
history as (
  select
    *,
    hour(event_hour) as hour_of_day,
    count(*) over same_hour_before as history_hours,
    avg(events) over same_hour_before as history_mean,
    stddev_samp(events) over same_hour_before as history_stddev
  from hourly
  window same_hour_before as (
    partition by domain, event_type, hour(event_hour) order by event_hour
    rows between unbounded preceding and 1 preceding
  )
)
select
  event_hour,
  domain,
  event_type,
  hour_of_day,
  events,
  history_hours,
  history_mean,
  history_stddev,
  z_score,
  coalesce(abs(z_score) > {{ var('anomaly_z_threshold') }}, false) as is_anomaly
from (
  select
    *,
    case when history_hours >= 2 and history_stddev > 0 then (events - history_mean) / history_stddev end as z_score
  from history
) scored
