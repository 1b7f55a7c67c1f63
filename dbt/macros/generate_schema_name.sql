{#- Models land in the namespace their folder names (staging, core, marts), not "<target>_<folder>":
    the namespaces are part of the lake's layout, the same for every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
