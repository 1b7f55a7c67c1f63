-- One row per version of a product's price and status (SCD2 from products_snapshot), plus an inferred member for
-- each product the facts reference that the catalog never delivered: its ProductCreated came behind the silver
-- watermark (it sits in silver.late_events) or was rejected. Kimball's late-arriving dimension member: facts keep
-- their product, and the test on is_inferred warns that some attributes are unknown.
with versions as (
  select
    md5(concat(product_id, '|', cast(dbt_valid_from as string))) as product_key,
    product_id,
    sku,
    name,
    category,
    brand,
    price,
    currency,
    status,
    dbt_valid_from as valid_from,
    dbt_valid_to as valid_to,
    dbt_valid_to is null as is_current,
    false as is_inferred
  from {{ ref('products_snapshot') }}
),
referenced as (
  select product_id from {{ ref('stg_order_items') }}
  union
  select product_id from {{ ref('stg_inventory') }}
)
select * from versions
union all
select
  md5(concat(r.product_id, '|inferred')) as product_key,
  r.product_id,
  cast(null as string) as sku,
  cast(null as string) as name,
  cast(null as string) as category,
  cast(null as string) as brand,
  cast(null as decimal(12, 2)) as price,
  cast(null as string) as currency,
  'unknown' as status,
  timestamp '1970-01-01 00:00:00' as valid_from,
  cast(null as timestamp) as valid_to,
  true as is_current,
  true as is_inferred
from referenced r
left anti join versions v on v.product_id = r.product_id
