-- The leads sales should look at first: rank, score, tier, next action and why (the criteria that
-- earned the most points). `make show` runs it with `dbt show`; LIMIT with SHOW_LIMIT.
with

lead_scores as (

    select * from {{ ref('lead_scores') }}

),

breakdown as (

    select * from {{ ref('lead_score_breakdown') }}

),

reasons as (

    select
        lead_id,
        {{ dbt.listagg(
            "criterion || ' ' || case when points >= 0 then '+' else '' end || cast(points as "
                ~ api.Column.translate_type('varchar') ~ ")",
            "', '",
            'order by abs(points) desc, criterion'
        ) }} as why
    from breakdown
    where points != 0
    group by lead_id

),

final as (

    select
        lead_scores.score_rank,
        lead_scores.lead_id,
        lead_scores.total_score,
        lead_scores.tier,
        lead_scores.next_action,
        reasons.why
    from lead_scores
    left join reasons
        on lead_scores.lead_id = reasons.lead_id
    order by lead_scores.score_rank

)

select * from final
