-- One row per version of a customer (SCD2 from customers_snapshot); erased customers are left out.
select
  md5(concat(customer_id, '|', cast(dbt_valid_from as string))) as customer_key,
  customer_id,
  segment,
  country,
  marketing_consent,
  analytics_consent,
  dbt_valid_from as valid_from,
  dbt_valid_to as valid_to,
  dbt_valid_to is null as is_current
from {{ ref('customers_snapshot') }}
where customer_id not in {{ erased_customers() }}
