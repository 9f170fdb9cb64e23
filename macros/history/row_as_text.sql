{#- A SQL expression over one row of `relation` that renders every column as text, in column
    order, so that two tables with the same rows give the same set of texts. Nulls are written
    as `<null>`, columns are separated by `|`. Needs the table to exist (execute time);
    at parse time it returns a constant. -#}
{% macro row_as_text(relation) -%}
    {%- if execute -%}
        {%- set parts = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do parts.append(
                "coalesce(cast(" ~ adapter.quote(column.name) ~ " as " ~ dbt.type_string()
                ~ "), '<null>')"
            ) -%}
        {%- endfor -%}
        {{ parts | join(" || '|' || ") if parts else "''" }}
    {%- else -%}
        ''
    {%- endif -%}
{%- endmacro %}
