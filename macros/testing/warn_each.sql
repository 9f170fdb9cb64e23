{#- For a warning test: prints one line per failing row, its `message` column, so the warning says
    which input and how much instead of only "Got N results". Runs the test's query once more, only
    when a build or test executes it (never at parse or compile), and returns nothing: the test then
    selects the same rows, which is what dbt counts. -#}
{% macro warn_each(query) -%}
    {%- if execute and flags.WHICH in ('build', 'test') -%}
        {%- for row in run_query(query).rows -%}
            {%- do exceptions.warn('lead_scoring: ' ~ row['message']) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
