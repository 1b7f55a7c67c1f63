{#- For sqlfluff only (dbt/.sqlfluff loads this folder after dbt/macros). sqlfluff's dbt builtins render var()
    as the word "item", which is no SQL where this project puts a number ("interval item hours" does not parse).
    Every var is a number here (dates are quoted where they are used), so 1 stands for any of them. -#}
{% macro var(name, default=none) %}1{% endmacro %}
