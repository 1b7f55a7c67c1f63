-- Each customer's current segment, country and consents, and when the segment or a consent last changed.
-- Account events carry only what they change, so attributes are carried forward from earlier events.
-- The snapshot customers_snapshot turns this into history (SCD2), keyed on state_changed_at.
with filled as (
  select
    customer_id,
    event_time,
    kafka_offset,
    last(segment, true) over w as segment,
    last(country, true) over w as country,
    coalesce(last(marketing_consent, true) over w, false) as marketing_consent,
    coalesce(last(analytics_consent, true) over w, false) as analytics_consent
  from {{ ref('stg_customers') }}
  where event_type in ('CustomerRegistered', 'ProfileUpdated', 'ConsentUpdated')
  window w as (
    partition by customer_id order by event_time, kafka_offset
    rows between unbounded preceding and current row
  )
),
changes as (
  select
    *,
    lag(concat_ws('|', segment, cast(marketing_consent as string), cast(analytics_consent as string)))
      over (partition by customer_id order by event_time, kafka_offset) as previous_state,
    concat_ws('|', segment, cast(marketing_consent as string), cast(analytics_consent as string)) as state,
    row_number() over (partition by customer_id order by event_time desc, kafka_offset desc) as newest_first
  from filled
),
last_change as (
  select customer_id, max(event_time) as state_changed_at
  from changes
  where previous_state is null or previous_state != state
  group by customer_id
)
select c.customer_id, c.segment, c.country, c.marketing_consent, c.analytics_consent, l.state_changed_at
from changes c
inner join last_change l on l.customer_id = c.customer_id
where c.newest_first = 1
  and c.customer_id not in {{ erased_customers() }}
