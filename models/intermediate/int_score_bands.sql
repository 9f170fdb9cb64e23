-- The score bands leads and accounts are graded by, one row per scale and band: fit and engagement
-- grades (score_grades) and account tiers (account_tiers), each as a half-open interval
-- [lower_bound, upper_bound). A score gets the band with the highest min_score not above it: the
-- next band's min_score closes the interval; the lowest band has no lower bound (below every
-- threshold = the lowest band), the highest no upper bound. Join with macro in_score_band.
with

score_grades as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('score_grades') }}

),

account_tiers as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('account_tiers') }}

),

thresholds as (

    select
        lower(trim(axis)) as band_scale,
        trim(grade) as band,
        min_score
    from score_grades

    union all

    select
        'account' as band_scale,
        trim(tier) as band,
        min_score
    from account_tiers

),

final as (

    select
        band_scale,
        band,
        min_score,
        case
            when min_score > min(min_score) over (partition by band_scale) then min_score
        end as lower_bound,
        lead(min_score) over (partition by band_scale order by min_score) as upper_bound
    from thresholds

)

select * from final
