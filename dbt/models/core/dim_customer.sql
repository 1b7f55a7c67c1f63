-- One row per version of a customer (SCD2 from customers_snapshot), plus an inferred member for each customer with
-- orders whose registration never reached silver (late or rejected; see dim_product). Erased customers are left out.
with versions as (
  select
    md5(concat(customer_id, '|', cast(dbt_valid_from as string))) as customer_key,
    customer_id,
    segment,
    country,
    marketing_consent,
    analytics_consent,
    dbt_valid_from as valid_from,
    dbt_valid_to as valid_to,
    dbt_valid_to is null as is_current,
    false as is_inferred
  from {{ ref('customers_snapshot') }}
  where customer_id not in {{ erased_customers() }}
),
referenced as (
  select distinct customer_id from {{ ref('stg_orders') }}
  where customer_id not in {{ erased_customers() }}
)
select * from versions
union all
select
  md5(concat(r.customer_id, '|inferred')) as customer_key,
  r.customer_id,
  'UNKNOWN' as segment,
  cast(null as string) as country,
  cast(null as boolean) as marketing_consent,
  cast(null as boolean) as analytics_consent,
  timestamp '1970-01-01 00:00:00' as valid_from,
  cast(null as timestamp) as valid_to,
  true as is_current,
  true as is_inferred
from referenced r
left anti join versions v on v.customer_id = r.customer_id
