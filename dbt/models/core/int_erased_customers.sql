-- Customers who asked to be erased (GDPR art. 17), whether the request came on time (stg_customers) or
-- behind the watermark (silver.late_events, where silver keeps what came too late for its tables). Marts and
-- dimensions leave them out; spark-jobs' erase pass deletes their rows and shreds their keys (docs/privacy.md).
with on_time as (
  select customer_id, event_time
  from {{ ref('stg_customers') }}
  where event_type = 'ErasureRequested'
),

late as (
  select record_key as customer_id, event_time
  from {{ source('silver', 'late_events') }}
  where
    domain = 'customers'
    and get_json_object(payload_json, '$.payload.branch') = 'ErasureRequested'
)

select customer_id, min(event_time) as requested_at
from (
  select customer_id, event_time from on_time
  union all
  select customer_id, event_time from late
) requests
group by customer_id
