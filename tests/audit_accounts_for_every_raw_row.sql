-- Fails for every raw input whose rows read differ from rows used + rows rejected in input_audit.
with

audit as (

    select * from {{ ref('input_audit') }}

),

rows_read as (

    select
        'leads' as source_name,
        count(*) as read_rows
    from {{ raw_input('crm', 'leads') }}
    union all
    select
        'events' as source_name,
        count(*) as read_rows
    from {{ raw_input('tracking', 'events') }}
    union all
    select
        'conversions' as source_name,
        count(*) as read_rows
    from {{ raw_input('crm', 'conversions') }}
    union all
    select
        'dispositions' as source_name,
        count(*) as read_rows
    from {{ raw_input('crm', 'dispositions') }}

),

accounted as (

    select
        source_name,
        sum(row_count) as accounted_rows
    from audit
    group by source_name

),

final as (

    select
        rows_read.source_name,
        rows_read.read_rows,
        coalesce(accounted.accounted_rows, 0) as accounted_rows
    from rows_read
    left join accounted
        on rows_read.source_name = accounted.source_name
    where rows_read.read_rows != coalesce(accounted.accounted_rows, 0)

)

select * from final
