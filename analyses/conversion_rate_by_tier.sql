-- The feedback loop: how often leads in each tier went on to win a deal. Compile with
-- `dbt compile --select conversion_rate_by_tier` and run the SQL in target/compiled/.
-- A tier whose rate is not above the tier below it means the point tables need another look.
with

lead_scores as (

    select * from {{ ref('lead_scores') }}

),

conversions as (

    select * from {{ ref('stg_crm__conversions') }}

),

converted_leads as (

    select
        lead_id,
        count(*) as deals,
        sum(amount) as won_amount
    from conversions
    group by lead_id

),

final as (

    select
        lead_scores.tier,
        count(*) as leads,
        count(converted_leads.lead_id) as converted_leads,
        count(converted_leads.lead_id) * 1.0 / count(*) as conversion_rate,
        coalesce(sum(converted_leads.won_amount), 0) as won_amount,
        avg(lead_scores.total_score) as average_score
    from lead_scores
    left join converted_leads
        on lead_scores.lead_id = converted_leads.lead_id
    group by lead_scores.tier

)

select * from final
order by average_score desc
