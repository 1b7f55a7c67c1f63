{#- Fails on rows where the column is outside [low, high] (nulls pass). -#}
{% test between(model, column_name, low, high) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ low }} or {{ column_name }} > {{ high }}
{% endtest %}
