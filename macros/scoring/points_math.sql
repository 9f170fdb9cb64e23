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
    make a re-run or an incremental run differ from a full refresh. The sum is cast to a double
    (PostgreSQL's sum of bigints is a numeric) and each term rounded half away from zero the same
    way on every engine (round_half_away). -#}
{% macro order_independent_sum(expression, decimals=9) -%}
    {%- set fixed_point = lead_scoring.round_half_away('(' ~ expression ~ ') * 1e' ~ decimals, 0) -%}
    ({{ dbt.cast('sum(' ~ dbt.cast(fixed_point, dbt.type_bigint()) ~ ')', lead_scoring.type_double()) }} / 1e{{ decimals }})
{%- endmacro %}
