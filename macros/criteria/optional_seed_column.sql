{#- A column of a criteria seed that users may leave out of the CSV (e.g. `disqualifies`): the
    column when the loaded seed has it, else `default` (a SQL expression). Known only once the seed
    is loaded; at parse time the default stands in. -#}
{% macro optional_seed_column(relation, column, default) -%}
    {%- if execute -%}
        {%- set found = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if column | lower in found -%}
            {{ return(adapter.quote(column)) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(default) }}
{%- endmacro %}
