select
  event_id,
  event_time,
  event_type,
  product_id,
  sku,
  name,
  category,
  brand,
  price,
  old_price,
  currency,
  kafka_offset,
  ingest_time as _ingest_time
from {{ source('silver', 'catalog') }}
