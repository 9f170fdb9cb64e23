-- One row per scored lead: the probability that it converts within var conversion_window_days,
-- 1 / (1 + exp(-log-odds)), the log-odds being the sum of its contributions
-- (int_probability_contributions), rounded to 6 decimals. No row while no model exists.
with

contributions as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_probability_contributions') }}

),

log_odds as (

    select
        lead_id,
        {{ order_independent_sum('contribution') }} as log_odds
    from contributions
    group by lead_id

),

final as (

    select
        lead_id,
        log_odds,
        {{ round_half_away("1 / (1 + exp(-greatest(least(log_odds, 30), -30)))", 6) }} as conversion_probability
    from log_odds

)

select * from final
