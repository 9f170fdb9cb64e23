{{ config(severity='warn') }}
-- Warns for every raw input that rejects more than var `max_rejected_share` of its rows
-- (default 0.2): usually a broken export or a changed format upstream. The warning names the
-- input, the share and the most common reason. Rows not yet known at a backtest's date are not
-- counted (they are neither used nor rejected there).
{% set failures %}
    with

    audit as (

        select * from {{ ref('input_audit') }}

    ),

    shares as (

        select
            source_name,
            sum(case when outcome = 'rejected' then row_count else 0 end) as rejected_rows,
            sum(case when outcome != 'not_yet_known' then row_count else 0 end) as read_rows
        from audit
        group by source_name

    ),

    top_reasons as (

        select
            source_name,
            reason,
            row_count,
            row_number() over (partition by source_name order by row_count desc, reason asc) as reason_rank
        from audit
        where outcome = 'rejected'

    ),

    final as (

        select
            shares.source_name,
            shares.rejected_rows,
            shares.read_rows,
            shares.rejected_rows * 1.0 / shares.read_rows as rejected_share,
            'raw input ' || shares.source_name || ' rejected '
            || cast(shares.rejected_rows as {{ dbt.type_string() }}) || ' of '
            || cast(shares.read_rows as {{ dbt.type_string() }}) || ' rows ('
            || cast(round(100.0 * shares.rejected_rows / shares.read_rows, 1) as {{ dbt.type_string() }})
            || '%), above var max_rejected_share {{ var("max_rejected_share", 0.2) }}; most common reason: '
            || top_reasons.reason || ' (' || cast(top_reasons.row_count as {{ dbt.type_string() }})
            || ' rows; see rejected_rows)' as message
        from shares
        left join top_reasons
            on
                shares.source_name = top_reasons.source_name
                and top_reasons.reason_rank = 1
        where shares.rejected_rows * 1.0 / shares.read_rows > {{ var('max_rejected_share', 0.2) }}

    )

    select * from final
{% endset %}
{{ warn_each(failures) }}
{{ failures }}
