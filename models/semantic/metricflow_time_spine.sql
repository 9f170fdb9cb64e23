-- The semantic layer's daily time spine (MetricFlow joins time-based metrics to it): one row per
-- day from 2020-01-01 up to, not including, 2031-01-01.
with

days as (

    {{ dbt.date_spine('day', "cast('2020-01-01' as date)", "cast('2031-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
