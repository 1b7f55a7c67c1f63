-- Products bought together: for each pair in at least var(affinity_min_orders) orders,
-- support = share of all orders holding both, confidence = share of A's orders holding B, and
-- lift = support(A,B) / (support(A) x support(B)) (> 1: bought together more often than by chance).
with items as (
  select distinct order_id, product_id
  from {{ ref('fact_order_items') }}
  where customer_id not in {{ erased_customers() }}
),
totals as (
  select count(distinct order_id) as orders from items
),
per_product as (
  select product_id, count(*) as orders from items group by product_id
),
pairs as (
  select a.product_id as product_a, b.product_id as product_b, count(*) as co_orders
  from items a
  inner join items b on a.order_id = b.order_id and a.product_id < b.product_id
  group by a.product_id, b.product_id
  having count(*) >= {{ var('affinity_min_orders') }}
)
select
  p.product_a,
  p.product_b,
  p.co_orders,
  pa.orders as orders_a,
  pb.orders as orders_b,
  t.orders as total_orders,
  p.co_orders / t.orders as support,
  p.co_orders / pa.orders as confidence_a_to_b,
  p.co_orders / pb.orders as confidence_b_to_a,
  (p.co_orders * t.orders) / (pa.orders * pb.orders) as lift
from pairs p
inner join per_product pa on pa.product_id = p.product_a
inner join per_product pb on pb.product_id = p.product_b
cross join totals t
