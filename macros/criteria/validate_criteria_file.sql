{#- Seed pre-hook: reads the criteria CSV as text and fails the seed, before it is loaded and
    before any model runs, with one line per problem naming the CSV row. First the file's shape
    (fields per line, required columns), then the values (criteria_checks). The seeds' YAML tests
    stay as a second line of defence. On engines other than DuckDB only those tests run. -#}
{% macro validate_criteria_file() -%}
    {%- if execute -%}
        {{ return(adapter.dispatch('validate_criteria_file', 'lead_scoring')()) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__validate_criteria_file() -%}
{%- endmacro %}

{#- The columns each criteria CSV must have; optional columns may be left out. -#}
{% macro criteria_columns() -%}
    {{ return({
        'job_title_seniority': {'required': ['pattern', 'seniority', 'priority'], 'optional': []},
        'company_size_bands': {'required': ['band', 'min_employees', 'max_employees'], 'optional': []},
        'attribute_points': {'required': ['attribute', 'value', 'points', 'category'], 'optional': ['disqualifies']},
        'event_points': {
            'required': ['event_type', 'points', 'frequency', 'max_points', 'half_life_days', 'lookback_days', 'category'],
            'optional': ['disqualifies'],
        },
        'value_aliases': {'required': ['attribute', 'alias', 'value'], 'optional': []},
        'score_tiers': {'required': ['tier', 'min_score', 'is_mql', 'next_action'], 'optional': []},
        'score_grades': {'required': ['axis', 'grade', 'min_score'], 'optional': []},
        'account_tiers': {'required': ['tier', 'min_score'], 'optional': []},
        'free_email_domains': {'required': ['domain'], 'optional': []},
    }) }}
{%- endmacro %}

{#- The project path of a seed's CSV (seeds may live in any seed path). -#}
{% macro criteria_csv_path(seed_name) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.name == seed_name -%}
        {{ return(node.root_path ~ '/' ~ node.original_file_path) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("lead_scoring: no seed named '" ~ seed_name ~ "'") }}
{%- endmacro %}

{#- A DuckDB table function reading a criteria CSV as text, for checks across seeds. -#}
{% macro criteria_csv_reader(seed_name) -%}
    read_csv({{ dbt.string_literal(lead_scoring.criteria_csv_path(seed_name)) }}, header = true, all_varchar = true,
        delim = ',', quote = '"', escape = '"')
{%- endmacro %}

{% macro raise_criteria_problems(problems, what) -%}
    {%- set lines = [] -%}
    {%- for row in problems -%}
        {%- do lines.append('  ' ~ model.original_file_path ~ ' ' ~ what ~ ' ' ~ row[0] ~ ': ' ~ row[1]) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        model.original_file_path ~ ' has ' ~ problems | length ~ ' problem(s); no score was written:\n'
        ~ lines | join('\n')) }}
{%- endmacro %}

{#- The file's shape, read line by line as text so that a malformed CSV still gets a message
    naming the line: fields per line (commas outside double quotes, plus one) against the header,
    and the required columns. Returns the header's column names. -#}
{% macro check_criteria_csv_shape(csv_path, columns) -%}
    {%- set query -%}
        with

        file_lines as (

            select
                line_number,
                rtrim(lines[line_number], chr(13)) as line
            from (select string_split(content, chr(10)) as lines from read_text({{ dbt.string_literal(csv_path) }}))
            cross join generate_series(1, len(lines)) as numbers (line_number)

        ),

        fields as (

            select
                line_number,
                line,
                length(regexp_replace(line, '"([^"]|"")*"', '', 'g'))
                    - length(replace(regexp_replace(line, '"([^"]|"")*"', '', 'g'), ',', '')) + 1 as field_count
            from file_lines
            where trim(line) != ''

        )

        select
            line_number,
            field_count,
            (select field_count from fields where line_number = 1) as header_fields,
            line
        from fields
        order by line_number
    {%- endset -%}
    {%- set lines = run_query(query) -%}
    {%- if lines | length == 0 -%}
        {{ exceptions.raise_compiler_error(model.original_file_path ~ ' is empty; expected a header row: '
            ~ columns.required | join(',')) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for name in lines.rows[0][3].split(',') -%}
        {%- do names.append(name | trim | replace('"', '') | trim | lower) -%}
    {%- endfor -%}
    {%- set problems = [] -%}
    {%- set missing = columns.required | reject('in', names) | list -%}
    {%- if missing -%}
        {%- do problems.append([1, 'missing column' ~ ('s ' if missing | length > 1 else ' ') ~ "'" ~ missing | join("', '")
            ~ "'; the header has " ~ names | join(', ') ~ '; expected ' ~ columns.required | join(',')
            ~ (' (optional: ' ~ columns.optional | join(', ') ~ ')' if columns.optional else '')]) -%}
    {%- endif -%}
    {%- for row in lines.rows if row[0] != 1 and row[1] != row[2] -%}
        {%- do problems.append([row[0], row[1] ~ ' fields, expected ' ~ row[2]
            ~ (' (quote values that contain commas)' if row[1] > row[2] else ' (a value or comma is missing)')]) -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ lead_scoring.raise_criteria_problems(problems, 'line') }}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}

{% macro duckdb__validate_criteria_file() -%}
    {%- set columns = lead_scoring.criteria_columns().get(model.name) -%}
    {%- if columns is none -%}{{ return('') }}{%- endif -%}
    {%- set csv_path = model.root_path ~ '/' ~ model.original_file_path -%}
    {%- set present_columns = lead_scoring.check_criteria_csv_shape(csv_path, columns) -%}
    {%- set checks = lead_scoring.criteria_checks(present_columns).get(model.name) -%}
    {%- set query -%}
        with

        criteria as (

            select
                row_number() over () + 1 as csv_row,
                *
            from {{ lead_scoring.criteria_csv_reader(model.name) }}

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
        {{ lead_scoring.raise_criteria_problems(problems.rows, 'row') }}
    {%- endif -%}
{%- endmacro %}
