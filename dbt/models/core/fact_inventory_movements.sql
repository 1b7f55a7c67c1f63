-- One row per stock event with its signed effect on the warehouse's stock.
-- Incremental: events committed since the last run (merge on event_id, so the lookback never duplicates).
{{ config(materialized='incremental', incremental_strategy='merge', unique_key='event_id',
          partition_by=['movement_date']) }}

select
  event_id,
  event_time,
  to_date(event_time) as movement_date,
  product_id,
  warehouse_id,
  event_type,
  case event_type
    when 'StockReserved' then -quantity
    when 'StockReleased' then quantity
    when 'StockRestocked' then quantity
    when 'StockAdjusted' then quantity_delta
  end as quantity_change,
  quantity_on_hand,
  order_id,
  purchase_order_id,
  reason,
  _ingest_time
from {{ ref('stg_inventory') }}
{% if is_incremental() %}
where _ingest_time > {{ ingested_since() }}
{% endif %}
