select
  event_id,
  event_time,
  event_type,
  product_id,
  warehouse_id,
  quantity_on_hand,
  quantity,
  quantity_delta,
  order_id,
  purchase_order_id,
  reason,
  ingest_time as _ingest_time
from {{ source('silver', 'inventory') }}
