-- The purchase funnel per day and device: visits -> product view -> cart -> checkout -> order,
-- with the conversion of each step from the one before and overall. Erased customers' visits are left out.
with visits as (
  select *
  from {{ ref('fact_sessions') }}
  where customer_id is null or customer_id not in {{ erased_customers() }}
),
steps as (
  select
    session_date,
    device,
    count(*) as sessions,
    count_if(product_views > 0) as viewed_product,
    count_if(cart_adds > 0) as added_to_cart,
    count_if(checkouts > 0) as started_checkout,
    count_if(converted) as ordered
  from visits
  group by session_date, device
)
select
  *,
  viewed_product / sessions as view_rate,
  case when viewed_product > 0 then added_to_cart / viewed_product end as cart_rate,
  case when added_to_cart > 0 then started_checkout / added_to_cart end as checkout_rate,
  case when started_checkout > 0 then ordered / started_checkout end as order_rate,
  ordered / sessions as conversion_rate
from steps
