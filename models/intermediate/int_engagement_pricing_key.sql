{{ config(materialized='view') }}

-- One row: what the engagement prices of a scoring time depend on besides the event days. Every
-- event day before the scoring date has the same worth at any time of that date (ages are whole
-- days), so int_engagement_points_priced keeps its prices for as long as this key stays the same
-- (the scoring date, every row of event_points, var probability_half_life_days and the version of
-- the pricing rule itself) and re-prices only the groups with new events.
with

event_points as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('event_points') }}

),

rule_rows as (

    select {{ row_as_text(ref('event_points')) }} as row_text
    from event_points

),

final as (

    select
        {{ score_as_of() }} as score_as_of,
        {{ dbt.hash(dbt.concat([
            "'engagement-pricing-1|'",
            dbt.cast(scoring_date(), dbt.type_string()),
            "'|" ~ (var('probability_half_life_days') | string | replace("'", "''")) ~ "|'",
            "coalesce(" ~ ordered_list('row_text', "'/'", ['row_text']) ~ ", '')",
        ])) }} as pricing_key
    from rule_rows

)

select * from final
