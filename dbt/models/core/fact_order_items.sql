-- One row per order line. Incremental: lines committed since the last run.
{{ config(materialized='incremental', incremental_strategy='merge', unique_key=['order_id', 'line_number'],
          partition_by=['order_date']) }}

select
  order_id,
  line_number,
  customer_id,
  product_id,
  placed_at,
  to_date(placed_at) as order_date,
  quantity,
  unit_price,
  line_total,
  currency,
  _ingest_time
from {{ ref('stg_order_items') }}
{% if is_incremental() %}
where _ingest_time > {{ ingested_since() }}
{% endif %}
