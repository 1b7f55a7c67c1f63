-- Lifetime value and RFM segment per customer who ordered (erased customers left out).
-- as_of = the newest order placement in the data, so figures do not drift with the wall clock.
-- Scores 1..5 from percent ranks (ties share a score): recency 5 = most recent, frequency and monetary 5 = most.
with orders as (
  select * from {{ ref('fact_orders') }}
  where customer_id not in {{ erased_customers() }}
),
as_of as (
  select max(placed_at) as as_of_time from {{ ref('fact_orders') }}
),
per_customer as (
  select
    customer_id,
    count(*) as orders,
    sum(total) as lifetime_revenue,
    sum(net_revenue) as lifetime_net_revenue,
    cast(avg(total) as decimal(12, 2)) as avg_order_value,
    min(placed_at) as first_order_at,
    max(placed_at) as last_order_at
  from orders
  group by customer_id
),
scored as (
  select
    p.*,
    a.as_of_time,
    datediff(to_date(a.as_of_time), to_date(p.last_order_at)) as recency_days,
    least(floor(percent_rank() over (order by p.last_order_at) * 5), 4) + 1 as r_score,
    least(floor(percent_rank() over (order by p.orders) * 5), 4) + 1 as f_score,
    least(floor(percent_rank() over (order by p.lifetime_revenue) * 5), 4) + 1 as m_score
  from per_customer p
  cross join as_of a
)
select
  customer_id,
  orders,
  lifetime_revenue,
  lifetime_net_revenue,
  avg_order_value,
  first_order_at,
  last_order_at,
  as_of_time,
  recency_days,
  cast(r_score as int) as r_score,
  cast(f_score as int) as f_score,
  cast(m_score as int) as m_score,
  concat(r_score, f_score, m_score) as rfm_cell,
  case
    when r_score >= 4 and f_score >= 4 then 'champions'
    when f_score >= 4 then 'loyal'
    when r_score >= 4 and f_score <= 2 then 'new'
    when r_score <= 2 and f_score >= 3 then 'at_risk'
    when r_score <= 2 then 'hibernating'
    else 'promising'
  end as rfm_segment
from scored
