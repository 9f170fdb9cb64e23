-- Each lead's latest disposition known at the scoring time: of its usable dispositions (no
-- rejection reason) recorded at or before score_as_of, the one with the latest disposed_at (ties:
-- the disposition first in alphabetical order, then the reason, a blank reason last). Later
-- dispositions are not known yet at this scoring time. One row per lead.
with

dispositions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__dispositions') }}

),

ranked as (

    select
        lead_id,
        disposition,
        reason,
        disposed_at,
        row_number() over (
            partition by lead_id
            order by
                disposed_at desc,
                disposition asc,
                case when reason is null then 1 else 0 end asc,
                reason asc
        ) as disposition_rank
    from dispositions
    where
        rejection_reason is null
        and disposed_at <= {{ score_as_of() }}

),

final as (

    select
        lead_id,
        disposition,
        reason,
        disposed_at
    from ranked
    where disposition_rank = 1

)

select * from final
