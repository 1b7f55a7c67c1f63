-- One row per version of a product's price and status (SCD2 from products_snapshot).
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
  dbt_valid_to is null as is_current
from {{ ref('products_snapshot') }}
