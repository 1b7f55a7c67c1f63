{#- The newest silver ingest_time already in {{ this }}, less the lookback: incremental models read silver
    rows committed after it. Silver commits rows with ingest_time = commit batch time, so a lookback covers
    batches that committed out of order across tables. -#}
{% macro ingested_since(column='_ingest_time') -%}
  (select coalesce(max({{ column }}), timestamp '1970-01-01 00:00:00')
          - interval {{ var('incremental_lookback_hours') }} hours
   from {{ this }})
{%- endmacro %}

{#- Customers who asked to be erased: no mart may hold them. -#}
{% macro erased_customers() -%}
  (select customer_id from {{ ref('int_erased_customers') }})
{%- endmacro %}
