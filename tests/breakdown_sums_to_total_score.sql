-- Every lead's breakdown rows add up to its total_score, within the 2-decimal rounding: each row
-- and the total are rounded, so they may differ by half a cent per row and half a cent for the total.
with

lead_scores as (

    select * from {{ ref('lead_scores') }}

),

breakdown as (

    select * from {{ ref('lead_score_breakdown') }}

),

breakdown_totals as (

    select
        lead_id,
        sum(points) as breakdown_points,
        count(*) as breakdown_rows
    from breakdown
    group by lead_id

),

final as (

    select
        lead_scores.lead_id,
        lead_scores.total_score,
        coalesce(breakdown_totals.breakdown_points, 0) as breakdown_points,
        coalesce(breakdown_totals.breakdown_rows, 0) as breakdown_rows
    from lead_scores
    left join breakdown_totals
        on lead_scores.lead_id = breakdown_totals.lead_id
    where
        abs(lead_scores.total_score - coalesce(breakdown_totals.breakdown_points, 0))
        > 0.005 * (coalesce(breakdown_totals.breakdown_rows, 0) + 1) + 0.000001

)

select * from final
