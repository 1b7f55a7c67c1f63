-- Each product's current attributes, price and status, and when its price or status last changed.
-- The snapshot products_snapshot turns this into history (SCD2), keyed on state_changed_at.
with filled as (
  select
    product_id,
    event_time,
    kafka_offset,
    last(sku, true) over w as sku,
    last(name, true) over w as name,
    last(category, true) over w as category,
    last(brand, true) over w as brand,
    last(price, true) over w as price,
    last(currency, true) over w as currency,
    max(case when event_type = 'ProductDiscontinued' then 1 else 0 end) over w as discontinued
  from {{ ref('stg_catalog') }}
  window w as (
    partition by product_id order by event_time, kafka_offset
    rows between unbounded preceding and current row
  )
),
changes as (
  select
    *,
    concat_ws('|', cast(price as string), cast(discontinued as string)) as state,
    lag(concat_ws('|', cast(price as string), cast(discontinued as string)))
      over (partition by product_id order by event_time, kafka_offset) as previous_state,
    row_number() over (partition by product_id order by event_time desc, kafka_offset desc) as newest_first
  from filled
),
last_change as (
  select product_id, max(event_time) as state_changed_at
  from changes
  where previous_state is null or previous_state != state
  group by product_id
)
select
  c.product_id, c.sku, c.name, c.category, c.brand, c.price, c.currency,
  case when c.discontinued = 1 then 'discontinued' else 'active' end as status,
  l.state_changed_at
from changes c
inner join last_change l on l.product_id = c.product_id
where c.newest_first = 1
