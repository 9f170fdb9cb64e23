{#- dbt's test `where` config, with three placeholders, so that a test checks what this run computed
    rather than everything a table has kept:
    - `__scoring_date__`: the scoring date (the UTC date of var score_as_of, a SQL date). A grain
      test of a view can check the rows the view groups itself at the scoring time, not every row
      it passes through from a table that is tested where it is built.
    - `__score_as_of__`: the scoring time this build wrote (score_as_of) under `dbt build`; under
      `dbt test` and anything else, the latest one in the tested relation's `score_as_of` column.
      A history table's tests then check the slice the build wrote, not every earlier slice (each
      was checked by the build that wrote it), however long the history.
    - `__tested__`: the tested relation itself, for a condition on its own rows (its latest slice:
      `score_as_of = (select max(latest.score_as_of) from __tested__ as latest)`).
    Without a `where`, the relation is tested whole. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- set scoring_date = lead_scoring.scoring_date() -%}
        {%- set this_slice = lead_scoring.this_load('score_as_of', relation, lead_scoring.score_as_of()) -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where | replace('__scoring_date__', scoring_date)
                | replace('__score_as_of__', this_slice) | replace('__tested__', relation | string) }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
