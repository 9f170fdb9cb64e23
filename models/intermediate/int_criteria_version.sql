-- One row: the version of the criteria tables this build scores with. Var `criteria_version` when
-- set, else the first 12 hex digits of an MD5 over every row of the seeds in var `criteria_seeds`
-- (order-independent: the rows are sorted), so an edit to any point table gives a new version and
-- an unchanged table the same one on every build.
{%- set criteria_seeds = var('criteria_seeds') %}
with

seed_rows as (

    {% for seed in criteria_seeds %}
        select
            '{{ seed }}' as seed_name,
            {{ row_as_text(ref(seed)) }} as row_text
        from {{ ref(seed) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {% if var('criteria_version', none) is not none and var('criteria_version') | string | trim != '' -%}
            '{{ var("criteria_version") | string | trim | replace("'", "''") }}'
        {%- else -%}
            substring(
                {{ dbt.hash(ordered_list("seed_name || ':' || row_text", "'/'", ['seed_name', 'row_text'])) }},
                1,
                12
            )
        {%- endif %} as criteria_version
    from seed_rows

)

select * from final
