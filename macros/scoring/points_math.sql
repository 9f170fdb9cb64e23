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
    is rounded to `decimals` places, a whole number of units (points_units), and the units are added
    as doubles. Parallel aggregation adds rows in no fixed order, and a plain float sum can then
    differ in its last bit from run to run, which would make a re-run or an incremental run differ
    from a full refresh. A double holds every whole number below 2^53 exactly, so while the terms'
    magnitudes add up to less than 2^53 units (9,007,199 at 9 decimals) every partial sum is exact
    and the order cannot matter; the result is the same double as the bigint sum's. Doubles, not
    bigints: DuckDB adds bigints into a 128-bit state, which at millions of groups made the
    aggregate spill to disk (int_engagement_points_priced, whose grouped columns a data test keeps
    inside that range). Each term is rounded half away from zero the same way on every engine
    (round_half_away). -#}
{% macro order_independent_sum(expression, decimals=9) -%}
    (sum({{ dbt.cast(lead_scoring.points_units(expression, decimals), lead_scoring.type_double()) }}) / 1e{{ decimals }})
{%- endmacro %}

{#- One term of such a sum: the expression in whole units of 10^-decimals (a bigint), rounded half
    away from zero. Add these with sum() and the total is exact. -#}
{% macro points_units(expression, decimals=9) -%}
    {{ dbt.cast(lead_scoring.round_half_away('(' ~ expression ~ ') * 1e' ~ decimals, 0), dbt.type_bigint()) }}
{%- endmacro %}

{#- A sum of points_units rounded half away from zero to cents, exactly: units / 10^(decimals - 2)
    is a double with an exact .5 at a half-cent (the integer is below 2^53), so the rounding does not
    depend on how the units were added. Rounding a double sum instead can turn 10.085 into
    10.0849999... and give 10.08 in one order of the rows and 10.09 in another. -#}
{% macro round_units_to_cents(units, decimals=9) -%}
    ({{ lead_scoring.round_half_away(
        dbt.cast(units, lead_scoring.type_double()) ~ ' / 1e' ~ (decimals - 2), 0
    ) }} / 100)
{%- endmacro %}
