{{ config(severity='warn') }}
-- Warns for every raw input that rejects more than var `max_rejected_share` of its rows
-- (default 0.2): usually a broken export or a changed format upstream.
with

audit as (

    select * from {{ ref('input_audit') }}

),

shares as (

    select
        source_name,
        sum(case when outcome = 'rejected' then row_count else 0 end) as rejected_rows,
        sum(row_count) as read_rows
    from audit
    group by source_name

),

final as (

    select
        source_name,
        rejected_rows,
        read_rows,
        rejected_rows * 1.0 / read_rows as rejected_share
    from shares
    where rejected_rows * 1.0 / read_rows > {{ var('max_rejected_share', 0.2) }}

)

select * from final
