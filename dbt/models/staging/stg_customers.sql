select
  event_id,
  event_time,
  event_type,
  customer_id,
  country,
  segment,
  marketing_consent,
  analytics_consent,
  erasure_request_id,
  kafka_offset,
  ingest_time as _ingest_time
from {{ source('silver', 'customers') }}
