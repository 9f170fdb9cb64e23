{{ config(grants=bi_grants()) }}

-- What marketing reviews with sales: of the MQLs handed over, how many sales accepted or rejected,
-- how fast, and why not; one row per dimension (tier, score_grade, criterion) and value. A lead is
-- handed over at the first as-of it was an MQL (history of the current criteria version and this
-- build); sales' response is its first usable disposition at or after that, known at score_as_of
-- (accepted/converted = accepted, rejected/recycled = rejected, none = pending). Tier and grade
-- are the lead's at the handover; criteria are those of its current breakdown.
with

lead_scores as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_scores') }}

),

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

dispositions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('stg_crm__dispositions') }}

),

breakdown as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('lead_score_breakdown') }}

),

score_bands as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_score_bands') }}

),

score_rows as (

    select
        score_as_of,
        lead_id,
        fit_score,
        engagement_score,
        tier,
        is_mql
    from prior_history

    union all

    select
        score_as_of,
        lead_id,
        fit_score,
        engagement_score,
        tier,
        is_mql
    from lead_scores

),

mql_rows as (

    select
        *,
        row_number() over (partition by lead_id order by score_as_of) as mql_rank
    from score_rows
    where is_mql

),

handovers as (

    select
        mql_rows.lead_id,
        mql_rows.score_as_of as handed_over_at,
        mql_rows.tier,
        fit_bands.band || engagement_bands.band as score_grade
    from mql_rows
    left join score_bands as fit_bands
        on {{ in_score_band('mql_rows.fit_score', 'fit_bands', 'fit') }}
    left join score_bands as engagement_bands
        on {{ in_score_band('mql_rows.engagement_score', 'engagement_bands', 'engagement') }}
    where mql_rows.mql_rank = 1

),

responses as (

    select
        handovers.lead_id,
        dispositions.disposition,
        dispositions.reason,
        dispositions.disposed_at,
        row_number() over (
            partition by handovers.lead_id
            order by
                dispositions.disposed_at asc,
                dispositions.disposition asc,
                case when dispositions.reason is null then 1 else 0 end asc,
                dispositions.reason asc
        ) as response_rank
    from handovers
    inner join dispositions
        on
            handovers.lead_id = dispositions.lead_id
            and handovers.handed_over_at <= dispositions.disposed_at
    where
        dispositions.rejection_reason is null
        and dispositions.disposed_at <= {{ score_as_of() }}

),

handover_outcomes as (

    select
        handovers.lead_id,
        handovers.tier,
        handovers.score_grade,
        case
            when responses.disposition in ('accepted', 'converted') then 'accepted'
            when responses.disposition in ('rejected', 'recycled') then 'rejected'
            else 'pending'
        end as outcome,
        responses.reason,
        {{ hours_between('handovers.handed_over_at', 'responses.disposed_at') }} as hours_to_disposition
    from handovers
    left join responses
        on
            handovers.lead_id = responses.lead_id
            and responses.response_rank = 1

),

dimension_rows as (

    select
        'tier' as dimension,
        tier as dimension_value,
        lead_id,
        outcome,
        reason,
        hours_to_disposition
    from handover_outcomes

    union all

    select
        'score_grade' as dimension,
        score_grade as dimension_value,
        lead_id,
        outcome,
        reason,
        hours_to_disposition
    from handover_outcomes

    union all

    select
        'criterion' as dimension,
        breakdown.criterion as dimension_value,
        handover_outcomes.lead_id,
        handover_outcomes.outcome,
        handover_outcomes.reason,
        handover_outcomes.hours_to_disposition
    from handover_outcomes
    inner join breakdown
        on handover_outcomes.lead_id = breakdown.lead_id

),

per_value as (

    select
        dimension,
        dimension_value,
        count(*) as mqls_handed_over,
        sum(case when outcome = 'accepted' then 1 else 0 end) as accepted,
        sum(case when outcome = 'rejected' then 1 else 0 end) as rejected,
        sum(case when outcome = 'pending' then 1 else 0 end) as pending,
        {{ median('hours_to_disposition') }} as median_hours_to_disposition
    from dimension_rows
    group by dimension, dimension_value

),

reason_counts as (

    select
        dimension,
        dimension_value,
        reason,
        count(*) as rejections
    from dimension_rows
    where outcome = 'rejected' and reason is not null
    group by dimension, dimension_value, reason

),

ranked_reasons as (

    select
        dimension,
        dimension_value,
        {{ ordered_list(
            "reason || ' (' || " ~ dbt.cast('rejections', dbt.type_string()) ~ " || ')'",
            "'; '",
            ['0 - rejections', 'reason'],
        ) }} as rejection_reasons
    from reason_counts
    group by dimension, dimension_value

),

final as (

    select
        -- keys
        per_value.dimension,
        per_value.dimension_value,

        -- the handovers and sales' responses
        {{ dbt.cast('per_value.mqls_handed_over', dbt.type_bigint()) }} as mqls_handed_over,
        {{ dbt.cast('per_value.accepted', dbt.type_bigint()) }} as accepted,
        {{ dbt.cast('per_value.rejected', dbt.type_bigint()) }} as rejected,
        {{ dbt.cast('per_value.pending', dbt.type_bigint()) }} as pending,
        case
            when per_value.accepted + per_value.rejected > 0
                then per_value.accepted * 1.0 / (per_value.accepted + per_value.rejected)
        end as acceptance_rate,
        per_value.median_hours_to_disposition,
        ranked_reasons.rejection_reasons,

        -- timestamps
        {{ score_as_of() }} as score_as_of

    from per_value
    left join ranked_reasons
        on
            per_value.dimension = ranked_reasons.dimension
            and per_value.dimension_value = ranked_reasons.dimension_value

)

select * from final
