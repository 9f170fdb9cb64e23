{#- The table a model of this project left in the warehouse at an earlier build, read WITHOUT a
    ref so that it adds no edge to the DAG: the conversion-probability model trains on the score
    history that lead_scores itself feeds, which a ref would make a cycle. Returns none at parse
    time and when the table does not exist yet (a first build). Safe only for rows the running
    build does not write: the training reads matured cohorts, which are always older than the
    scoring time the build writes. -#}
{% macro prior_build_relation(model_name) -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ model_name] -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}
