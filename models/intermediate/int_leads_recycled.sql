-- The recycling rule on top of the tiered leads (one row per scored lead): a lead whose latest
-- known disposition (int_dispositions_latest) is `rejected` or `recycled` is not an MQL while
-- score_as_of is before disposed_at + var recycle_days, unless its total_score has risen by at
-- least var recycle_rise_points since the disposition. The baseline is its total_score in the
-- latest history row at or before disposed_at (int_prior_score_history; the current scores when
-- disposed_at is the scoring time itself); no such row, no exemption. A recycled lead keeps its
-- scores and tier; unless disqualified, next_action says who recycled it, when and why.
with

tiered_leads as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_leads_tiered') }}

),

latest_dispositions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_dispositions_latest') }}

),

prior_history as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_prior_score_history') }}

),

sales_returns as (

    select *
    from latest_dispositions
    where disposition in ('rejected', 'recycled')

),

baselines as (

    select
        sales_returns.lead_id,
        prior_history.total_score as baseline_total_score,
        row_number() over (
            partition by sales_returns.lead_id
            order by prior_history.score_as_of desc
        ) as baseline_rank
    from sales_returns
    inner join prior_history
        on
            sales_returns.lead_id = prior_history.lead_id
            and sales_returns.disposed_at >= prior_history.score_as_of

),

returned_leads as (

    select
        tiered_leads.lead_id,
        sales_returns.disposition,
        sales_returns.reason,
        sales_returns.disposed_at,
        case
            when sales_returns.disposed_at >= {{ score_as_of() }} then tiered_leads.total_score
            else baselines.baseline_total_score
        end as baseline_total_score,
        tiered_leads.total_score
    from tiered_leads
    inner join sales_returns
        on tiered_leads.lead_id = sales_returns.lead_id
    left join baselines
        on
            sales_returns.lead_id = baselines.lead_id
            and baselines.baseline_rank = 1

),

recycled_leads as (

    select *
    from returned_leads
    where
        {{ score_as_of() }} < {{ dbt.dateadd('day', var('recycle_days') | int, 'disposed_at') }}
        and not coalesce(
            {{ round_points('total_score - baseline_total_score') }} >= {{ var('recycle_rise_points') }},
            false
        )

),

final as (

    select
        -- keys
        tiered_leads.lead_id,

        -- scores
        tiered_leads.fit_score,
        tiered_leads.engagement_score,
        tiered_leads.total_score,
        tiered_leads.tier,

        -- what to do
        tiered_leads.is_disqualified,
        tiered_leads.disqualified_reason,
        recycled_leads.lead_id is not null as is_recycled,
        tiered_leads.is_mql and recycled_leads.lead_id is null as is_mql,
        case
            when recycled_leads.lead_id is not null and not tiered_leads.is_disqualified
                then
                    case recycled_leads.disposition when 'rejected' then 'Rejected' else 'Recycled' end
                    || ' by sales on '
                    || {{ dbt.cast(dbt.cast('recycled_leads.disposed_at', 'date'), dbt.type_string()) }}
                    || coalesce(': ' || recycled_leads.reason, '')
            else tiered_leads.next_action
        end as next_action,

        -- timestamps
        tiered_leads.last_activity_at

    from tiered_leads
    left join recycled_leads
        on tiered_leads.lead_id = recycled_leads.lead_id

)

select * from final
