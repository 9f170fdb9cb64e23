{{ config(grants=bi_grants()) }}

-- How well each score ranked the leads that went on to convert: one row per matured cohort
-- (int_cohort_outcomes), criteria version and score (`total_score`, and `conversion_probability`
-- where every lead of the cohort had one). AUC counts ties one half; the top decile is the first
-- ceil(leads / 10) leads by score, ties broken by lead id; MQL precision and recall are for
-- total_score (its tier's is_mql), the Brier score for the probability.
with

outcomes as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_cohort_outcomes') }}

),

scores as (

    select
        cohort_as_of,
        criteria_version,
        lead_id,
        'total_score' as score_name,
        total_score as score_value,
        is_mql,
        case when is_converted then 1 else 0 end as label_value
    from outcomes

    union all

    select
        cohort_as_of,
        criteria_version,
        lead_id,
        'conversion_probability' as score_name,
        conversion_probability as score_value,
        is_mql,
        case when is_converted then 1 else 0 end as label_value
    from outcomes
    where not exists (
        select 1
        from outcomes as unscored
        where
            unscored.cohort_as_of = outcomes.cohort_as_of
            and unscored.criteria_version = outcomes.criteria_version
            and unscored.conversion_probability is null
    )

),

ranked as (

    select
        *,
        -- average rank of the score among its cohort (ascending; ties share their mean rank)
        rank() over (partition by cohort_as_of, criteria_version, score_name order by score_value asc)
        + (count(*) over (partition by cohort_as_of, criteria_version, score_name, score_value) - 1) / 2.0
            as average_rank,
        row_number() over (
            partition by cohort_as_of, criteria_version, score_name order by score_value desc, lead_id asc
        ) as score_position,
        count(*) over (partition by cohort_as_of, criteria_version, score_name) as cohort_leads
    from scores

),

cohorts as (

    select
        cohort_as_of,
        criteria_version,
        score_name,
        count(*) as leads,
        sum(label_value) as converted,
        sum(case when label_value = 1 then average_rank else 0 end) as positive_rank_sum,
        sum(case when score_position <= ceiling(cohort_leads / 10.0) then label_value else 0 end)
            as top_decile_converted,
        sum(case when score_position <= ceiling(cohort_leads / 10.0) then 1 else 0 end) as top_decile_leads,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when is_mql then label_value else 0 end) as converted_mqls,
        avg((score_value - label_value) * (score_value - label_value)) as mean_squared_error
    from ranked
    group by cohort_as_of, criteria_version, score_name

),

final as (

    select
        -- keys
        cohort_as_of,
        criteria_version,
        score_name,

        -- the cohort
        leads,
        converted,
        converted * 1.0 / leads as conversion_rate,

        -- ranking quality
        case
            when converted > 0 and converted < leads
                then (positive_rank_sum - converted * (converted + 1) / 2.0) / (converted * (leads - converted))
        end as auc,
        case
            when converted > 0
                then (top_decile_converted * 1.0 / top_decile_leads) / (converted * 1.0 / leads)
        end as top_decile_lift,
        case
            when score_name = 'total_score' and mqls > 0 then converted_mqls * 1.0 / mqls
        end as mql_precision,
        case
            when score_name = 'total_score' and converted > 0 then converted_mqls * 1.0 / converted
        end as mql_recall,
        case
            when score_name = 'conversion_probability' then mean_squared_error
        end as brier_score

    from cohorts

)

select * from final
