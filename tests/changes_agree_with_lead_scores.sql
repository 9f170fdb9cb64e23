-- The change feed and lead_scores tell the CRM the same story: every lead in lead_scores that the
-- feed lists has the feed's current values, and previous_tier equals lead_scores.previous_tier
-- (both read the same earlier as-of). Fails with each lead whose values differ, or that the feed
-- lists as `removed` while lead_scores still scores it.
with

changes as (

    select * from {{ ref('lead_score_changes') }}

),

lead_scores as (

    select * from {{ ref('lead_scores') }}

),

final as (

    select
        changes.lead_id,
        changes.change_type
    from changes
    left join lead_scores
        on changes.lead_id = lead_scores.lead_id
    where
        (changes.change_type = 'removed' and lead_scores.lead_id is not null)
        or (
            changes.change_type != 'removed'
            and (
                lead_scores.lead_id is null
                or changes.total_score != lead_scores.total_score
                or changes.tier != lead_scores.tier
                or changes.is_mql != lead_scores.is_mql
                or coalesce(changes.previous_tier, '<none>') != coalesce(lead_scores.previous_tier, '<none>')
            )
        )

)

select * from final
