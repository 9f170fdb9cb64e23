-- The delivered event rows that are not scored at the scoring time, one row each, with the reason
-- (not_yet_known ones included, in a backtest): the rows of int_events_validated that have a
-- rejection_reason. Materialised once per run, so that rejected_rows lists them and input_audit
-- counts them without each joining every delivery to the leads again.
with

events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_events_validated') }}

),

final as (

    select
        raw_event_id,
        lead_id,
        event_type,
        rejection_reason,
        raw_occurred_at
    from events
    where rejection_reason is not null

)

select * from final
