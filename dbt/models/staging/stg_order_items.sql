select
  order_id,
  line_number,
  event_time as placed_at,
  customer_id,
  product_id,
  quantity,
  unit_price,
  line_total,
  currency,
  ingest_time as _ingest_time
from {{ source('silver', 'order_items') }}
