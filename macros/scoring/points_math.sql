{#- Arithmetic of event points: decay, and a sum that does not depend on row order. -#}

{#- What an event `age_days` old keeps of its points: 0.5 ^ (age_days / half_life_days), or 1
    when half_life_days is null (no decay). half_life_days is a double (seed column type), so the
    division is never an integer division. -#}
{% macro decay_factor(age_days, half_life_days) -%}
    case
        when {{ half_life_days }} is null then 1
        else power(0.5, {{ age_days }} / {{ half_life_days }})
    end
{%- endmacro %}

{#- The sum of a floating-point expression, the same whatever order the rows are added in: each term
    is rounded to `decimals` places and added as an integer. Parallel aggregation adds rows in no
    fixed order, and a plain float sum can then differ in its last bit from run to run, which would
    make a re-run or an incremental run differ from a full refresh. -#}
{% macro order_independent_sum(expression, decimals=9) -%}
    (sum({{ dbt.cast('round((' ~ expression ~ ') * 1e' ~ decimals ~ ')', dbt.type_bigint()) }}) / 1e{{ decimals }})
{%- endmacro %}
