{#- A select of the matured cohorts of a score history with what became of each lead (see
    int_cohort_outcomes): `history` and `conversions` are relations or CTE names with the columns
    of lead_score_history and int_conversions_known. A cohort is the leads scored at one as-of D
    with one criteria version, D being the first as-of of its UTC date in the history (a schedule
    that scores every few minutes adds many slices a day: they make one cohort, not many copies
    of it); matured when D + var conversion_window_days is at or before the scoring time. Leads
    that converted at or before D are left out; a lead converted when it has a known deal in
    (D, D + window]. -#}
{% macro cohort_outcomes(history, conversions) -%}
{%- set window_days = var('conversion_window_days') -%}
with

cohort_dates as (

    select
        criteria_version,
        min(score_as_of) as cohort_as_of
    from {{ history }}
    group by criteria_version, {{ dbt.cast('score_as_of', api.Column.translate_type('date')) }}
    having {{ dbt.dateadd('day', window_days, 'min(score_as_of)') }} <= {{ score_as_of() }}

),

matured_history as (

    select history_rows.*
    from {{ history }} as history_rows
    inner join cohort_dates
        on
            history_rows.criteria_version = cohort_dates.criteria_version
            and history_rows.score_as_of = cohort_dates.cohort_as_of

),

-- The deals of the cohort leads that have any (an inner join: most leads have none, and grouping
-- every cohort row cost more than the rest of the model).
outcomes as (

    select
        matured_history.score_as_of,
        matured_history.criteria_version,
        matured_history.lead_id,
        max(case when known_conversions.converted_at <= matured_history.score_as_of then 1 else 0 end)
            as converted_before,
        min(
            case
                when known_conversions.converted_at > matured_history.score_as_of
                    then known_conversions.converted_at
            end
        ) as first_converted_at,
        sum(
            case
                when known_conversions.converted_at > matured_history.score_as_of
                    then coalesce(known_conversions.amount, 0)
            end
        ) as won_amount
    from matured_history
    inner join {{ conversions }} as known_conversions
        on
            matured_history.lead_id = known_conversions.lead_id
            and known_conversions.converted_at <= {{ dbt.dateadd('day', window_days, 'matured_history.score_as_of') }}
    group by matured_history.score_as_of, matured_history.criteria_version, matured_history.lead_id

),

final as (

    select
        -- keys
        matured_history.score_as_of as cohort_as_of,
        matured_history.criteria_version,
        matured_history.lead_id,

        -- the scores at the cohort date
        matured_history.fit_score,
        matured_history.engagement_score,
        matured_history.total_score,
        matured_history.tier,
        matured_history.is_mql,
        matured_history.conversion_probability,
        matured_history.lead_source,

        -- what became of the lead in the window
        outcomes.first_converted_at is not null as is_converted,
        outcomes.first_converted_at,
        coalesce(outcomes.won_amount, 0) as won_amount

    from matured_history
    left join outcomes
        on
            matured_history.score_as_of = outcomes.score_as_of
            and matured_history.criteria_version = outcomes.criteria_version
            and matured_history.lead_id = outcomes.lead_id
    where coalesce(outcomes.converted_before, 0) = 0

)

select * from final
{%- endmacro %}
