{#- dbt's test `where` config, with one placeholder: `__scoring_date__` becomes the scoring date
    (the UTC date of var score_as_of, a SQL date). A grain test of a view can then check the rows
    the view computes itself at the scoring time, not every row it passes through from a table
    that is tested where it is built. Without a `where`, the relation is tested whole. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- set scoring_date = dbt.cast(lead_scoring.score_as_of(), api.Column.translate_type('date')) -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where | replace('__scoring_date__', scoring_date) }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
