-- The won deals known at the scoring time: valid conversion rows (no rejection reason) with
-- converted_at at or before it. Later rows are outcomes the scoring time cannot know yet.
with

conversions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__conversions') }}

),

final as (

    select
        lead_id,
        converted_at,
        amount
    from conversions
    where
        rejection_reason is null
        and converted_at <= {{ score_as_of() }}

)

select * from final
