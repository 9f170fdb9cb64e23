{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
) }}

-- Every delivered event row, loaded once (incremental: a run reads only raw files it has not
-- seen, see macros/incremental/event_batches.sql), with the reason a delivery cannot count
-- whatever the scoring time: no event id, a re-delivery of an event id already delivered (in this
-- batch or any earlier one), or an unparseable time. Reasons that depend on the scoring time and
-- on the leads are added downstream, so this table never needs rebuilding.
with

events as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_tracking__events') }}

),

new_deliveries as (

    select *
    from events
    {% if is_incremental() %}
        where {{ unprocessed_event_rows(this) }}
    {% endif %}

),

{% if is_incremental() %}

    -- Ids of this batch that an earlier run already loaded: only the new ids are looked up, so
    -- the cost follows the batch, not the whole table.
    loaded_event_ids as (

        select distinct event_id
        from {{ this }}
        where event_id in (select new_deliveries.event_id from new_deliveries)

    ),

{% endif %}

-- The first delivery of each event id: copies in earlier files first, then the earliest parseable
-- time (then lead, type, raw id, so a tie is settled the same way every run). One window over the
-- batch: on DuckDB, ordering only the ids delivered more than once (about 2% of rows) made the
-- staging expressions run once per branch, and at 50M rows cost more than the sort it saved
-- (benchmarks/results.md).
numbered_deliveries as (

    select
        *,
        row_number() over (
            partition by event_id
            order by source_file asc, occurred_at asc nulls last, lead_id asc, event_type asc, raw_event_id asc
        ) as delivery_number
    from new_deliveries

),

final as (

    select
        -- keys
        numbered_deliveries.event_id,
        numbered_deliveries.raw_event_id,
        numbered_deliveries.lead_id,

        -- attributes
        numbered_deliveries.event_type,
        numbered_deliveries.has_invalid_properties,
        numbered_deliveries.source_file,
        case
            when numbered_deliveries.event_id is null then 'missing_event_id'
            when numbered_deliveries.delivery_number > 1 then 'duplicate_event_id'
            {% if is_incremental() %}
                when loaded_event_ids.event_id is not null then 'duplicate_event_id'
            {% endif %}
            when numbered_deliveries.occurred_at is null then 'unparseable_occurred_at'
        end as delivery_rejection_reason,

        -- timestamps
        numbered_deliveries.occurred_at,
        {{ dbt.cast('numbered_deliveries.occurred_at', api.Column.translate_type('date')) }} as event_date,
        numbered_deliveries.raw_occurred_at,
        {{ run_started_timestamp() }} as loaded_at

    from numbered_deliveries
    {% if is_incremental() %}
        left join loaded_event_ids
            on numbered_deliveries.event_id = loaded_event_ids.event_id
    {% endif %}

)

select * from final
