{#- Rows committed after this instant may be in flight: a stream that reads another (gold reads silver) may not have
    caught up yet. var(in_flight_minutes) is 0 unless the platform is running (./lakehouse marts). -#}
{% macro in_flight_cutoff() -%}
  (current_timestamp() - interval {{ var('in_flight_minutes') }} minutes)
{%- endmacro %}
