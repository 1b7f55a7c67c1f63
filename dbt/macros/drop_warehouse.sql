{#- dbt run-operation drop_warehouse: drops every table dbt built (staging, core, marts, snapshots), for a full
    rebuild (the benchmark). Never touches bronze/silver/gold. -#}
{% macro drop_warehouse() %}
  {% for namespace in ['staging', 'core', 'marts', 'snapshots'] %}
    {% set tables = run_query('show tables in ' ~ namespace) if adapter.check_schema_exists(target.database, namespace) else none %}
    {% if tables %}
      {% for row in tables.rows %}
        {% do run_query('drop table if exists ' ~ namespace ~ '.' ~ row[1] ~ ' purge') %}
      {% endfor %}
    {% endif %}
  {% endfor %}
{% endmacro %}
