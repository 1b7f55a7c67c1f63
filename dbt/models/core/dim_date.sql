-- Calendar days from var date_spine_start to date_spine_end.
with days as (
  select explode(sequence(
    to_date('{{ var("date_spine_start") }}'), to_date('{{ var("date_spine_end") }}'),
    interval 1 day
  )) as date_day
)
select
  date_day,
  year(date_day) as year,
  quarter(date_day) as quarter,
  month(date_day) as month,
  date_format(date_day, 'MMMM') as month_name,
  weekofyear(date_day) as iso_week,
  dayofmonth(date_day) as day_of_month,
  -- 1 = Monday .. 7 = Sunday (ISO)
  (dayofweek(date_day) + 5) % 7 + 1 as iso_day_of_week,
  date_format(date_day, 'EEEE') as day_name,
  dayofweek(date_day) in (1, 7) as is_weekend
from days
