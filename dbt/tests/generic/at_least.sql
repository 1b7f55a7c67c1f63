{#- Fails on rows where the column is below a bound (nulls pass; not_null covers them). -#}
{% test at_least(model, column_name, value) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ value }}
{% endtest %}
