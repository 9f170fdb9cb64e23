{#- Seed pre-hook: reads the criteria CSV as text and fails the seed, before it is loaded and
    before any model runs, with one line per problem naming the CSV row. The seeds' YAML tests
    stay as a second line of defence. On engines other than DuckDB only those tests run. -#}
{% macro validate_criteria_file() -%}
    {%- if execute -%}
        {{ return(adapter.dispatch('validate_criteria_file', 'lead_scoring')()) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__validate_criteria_file() -%}
{%- endmacro %}

{% macro duckdb__validate_criteria_file() -%}
    {%- set checks = lead_scoring.criteria_checks().get(model.name) -%}
    {%- if checks is none -%}{{ return('') }}{%- endif -%}
    {%- set csv_path = model.root_path ~ '/' ~ model.original_file_path -%}
    {%- set query -%}
        with

        criteria as (

            select
                row_number() over () + 1 as csv_row,
                *
            from read_csv({{ dbt.string_literal(csv_path) }}, header = true, all_varchar = true)

        ),

        problems as (

            {% for check in checks %}
                select
                    csv_row,
                    {{ check.describe }} as problem
                from criteria
                where {{ check.fails }}
                {% if not loop.last %}union all{% endif %}
            {% endfor %}

        )

        select csv_row, problem
        from problems
        order by csv_row, problem
    {%- endset -%}
    {%- set problems = run_query(query) -%}
    {%- if problems | length > 0 -%}
        {%- set lines = [] -%}
        {%- for row in problems -%}
            {%- do lines.append('  ' ~ model.original_file_path ~ ' row ' ~ row[0] ~ ': ' ~ row[1]) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            model.original_file_path ~ ' has ' ~ problems | length ~ ' problem(s); no score was written:\n'
            ~ lines | join('\n')) }}
    {%- endif -%}
{%- endmacro %}
