select
  event_id,
  event_time,
  event_type,
  order_id,
  customer_id,
  session_id,
  line_count,
  subtotal,
  shipping,
  tax,
  total,
  currency,
  shipping_country,
  payment_method,
  amount,
  reason,
  ingest_time as _ingest_time
from {{ source('silver', 'orders') }}
