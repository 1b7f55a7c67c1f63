{#- Fails on every row whose customer asked to be erased. -#}
{% test not_erased(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} in {{ erased_customers() }}
{% endtest %}
