{#- Whether the incremental model being run has a table to keep rows in, with every column in
    `columns` (lower case): false at parse time, when the model is not incremental (a table on
    this engine), when the table does not exist, or when an earlier version of the project wrote
    it without those columns. The models' `*_kept` macros then answer that it must be rebuilt. -#}
{% macro kept_table_has_columns(columns) -%}
    {%- if not execute or model.config.materialized != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = load_relation(this) -%}
    {%- if existing is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list -%}
    {%- for column in columns if column not in found -%}
        {{ return(false) }}
    {%- endfor -%}
    {{ return(true) }}
{%- endmacro %}

{#- The answer of a `*_kept` macro from its check query, whose one row is (can_keep, a timestamp as
    text): none unless can_keep is true and the timestamp is known; otherwise a dict holding that
    timestamp under `name`, as a SQL timestamp literal. -#}
{% macro kept_answer(check, name) -%}
    {%- set row = run_query(check).rows[0] -%}
    {%- if row[0] != true or row[1] is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({name: dbt.cast("'" ~ row[1] ~ "'", dbt.type_timestamp())}) }}
{%- endmacro %}

{#- The text of every row of `seed` (macro row_as_text), sorted and joined, as a SQL expression for
    a key that changes when any row does; '' where the seed's columns are unknown (at parse time,
    or a unit test's fixture). -#}
{% macro seed_rows_text(seed) -%}
    {%- set row_text = lead_scoring.row_as_text(seed) -%}
    {%- if row_text | trim == "''" -%}
        ''
    {%- else -%}
        coalesce((select {{ lead_scoring.ordered_list(row_text, "'/'", [row_text]) }} from {{ seed }}), '')
    {%- endif -%}
{%- endmacro %}

{#- A select of the state of `tables`, a list of (name, relation, stamp column) whose writers only
    append rows stamped with their run's start or delete rows: per table, `key` (a SQL expression:
    the rule's version and whatever else the kept rows depend on), its row count and its newest
    stamp. The same state means the same rows. -#}
{% macro stamped_tables_state(key, tables) -%}
    {%- for name, relation, stamp in tables %}
        select
            '{{ name }}' as table_name,
            {{ key }} as state_key,
            count(*) as table_rows,
            max(stamped.{{ stamp }}) as newest_stamp
        from {{ relation }} as stamped
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Whether the table beside the model being run (synced_relation) holds exactly the rows of
    `state`, a select of what the model records of its inputs (its post-hook wrote them there at
    its last run), asked at run time: false when that table does not exist or has other columns
    (an earlier version of the state). -#}
{% macro recorded_state_unchanged(state) -%}
    {%- set synced = load_relation(lead_scoring.synced_relation()) -%}
    {%- if synced is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set recorded_columns = adapter.get_columns_in_relation(synced) | map(attribute='name') | map('lower') | list -%}
    {%- set state_columns = run_query('select * from (' ~ state ~ ') as state limit 0').column_names
        | map('lower') | list -%}
    {%- if recorded_columns != state_columns -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set check -%}
        with

        recorded as (
            select * from {{ synced }}
        ),

        current_state as (
            {{ state }}
        ),

        differences as (
            (select * from recorded except all select * from current_state)
            union all
            (select * from current_state except all select * from recorded)
        )

        select count(*) = 0 as unchanged
        from differences
    {%- endset -%}
    {{ return(run_query(check).columns[0].values()[0] == true) }}
{%- endmacro %}
