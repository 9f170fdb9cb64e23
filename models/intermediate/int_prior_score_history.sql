{{ config(materialized='view') }}
-- sqlfluff:indentation:template_blocks_indent:False
-- The score history before this build's scoring time: the rows of lead_score_history with the
-- current criteria version and a score_as_of earlier than the one being scored, as earlier builds
-- left them. Read without a ref (prior_build_relation): lead_score_history is written from
-- lead_scores, which these rows feed (previous tier, runs, recycling baselines, the change feed).
-- The build only writes its own score_as_of, which is excluded, so what it writes never changes
-- these rows; re-building the same as-of reads the same rows. Empty on a first build. A view:
-- the history can be large and its readers take few rows or one pass. tier_since, became_mql_at,
-- written_at and prior_slices_key are null in slices written before the history had them (and in
-- every slice on the first build after the upgrade, which adds them after this view is made).
-- depends_on: {{ ref('int_criteria_version') }}
{%- set score_history = prior_build_relation('lead_score_history') %}
{%- if score_history is none %}

select
    cast(null as {{ dbt.type_timestamp() }}) as score_as_of,
    cast(null as {{ dbt.type_string() }}) as lead_id,
    cast(null as {{ type_double() }}) as fit_score,
    cast(null as {{ type_double() }}) as engagement_score,
    cast(null as {{ type_double() }}) as total_score,
    cast(null as {{ dbt.type_string() }}) as tier,
    cast(null as {{ dbt.type_boolean() }}) as is_mql,
    cast(null as {{ dbt.type_timestamp() }}) as tier_since,
    cast(null as {{ dbt.type_timestamp() }}) as became_mql_at,
    cast(null as {{ dbt.type_timestamp() }}) as written_at,
    cast(null as {{ dbt.type_string() }}) as prior_slices_key
where 1 = 0

{%- else %}
{%- set found = adapter.get_columns_in_relation(score_history) | map(attribute='name') | map('lower') | list %}
{%- set run_columns = {} %}
{%- for name, type in [
    ('tier_since', dbt.type_timestamp()),
    ('became_mql_at', dbt.type_timestamp()),
    ('written_at', dbt.type_timestamp()),
    ('prior_slices_key', dbt.type_string()),
] %}
{%- do run_columns.update({name: 'history.' ~ name if name in found else 'cast(null as ' ~ type ~ ') as ' ~ name}) %}
{%- endfor %}
with

history as {{ lead_scoring.inline_cte() }} (

    select * from {{ score_history }}

),

criteria_version as {{ lead_scoring.inline_cte() }} (

    select * from {{ ref('int_criteria_version') }}

),

final as (

    select
        history.score_as_of,
        history.lead_id,
        history.fit_score,
        history.engagement_score,
        history.total_score,
        history.tier,
        history.is_mql,
        {{ run_columns['tier_since'] }},
        {{ run_columns['became_mql_at'] }},
        {{ run_columns['written_at'] }},
        {{ run_columns['prior_slices_key'] }}
    from history
    inner join criteria_version
        on history.criteria_version = criteria_version.criteria_version
    where history.score_as_of < {{ score_as_of() }}

)

select * from final
{%- endif %}
