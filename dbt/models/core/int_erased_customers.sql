-- Customers who asked to be erased (GDPR art. 17). Marts and dimensions leave them out.
select customer_id, min(event_time) as requested_at
from {{ ref('stg_customers') }}
where event_type = 'ErasureRequested'
group by customer_id
