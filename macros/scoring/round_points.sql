{#- Rounds a points expression to 2 decimals (half away from zero), as a double precision float. -#}
{% macro round_points(expression) -%}
    {{ return(lead_scoring.round_half_away(expression, 2)) }}
{%- endmacro %}

{#- Rounds a double to `decimals` places, half away from zero, the same on every engine: DuckDB's
    round(x, d) is round(x * 10^d) / 10^d (checked equal on 5.6 million values, cents and decays
    included); PostgreSQL has no round(double, int), its round(double) rounds half to even, and
    a cast to numeric rounds the 15-digit decimal form (1.005 -> 1.01 where DuckDB gives 1.00);
    Spark rounds the double's shortest decimal form. So elsewhere the same arithmetic is written
    out: sign(x) * floor(|x| * 10^d + 0.5) / 10^d. -#}
{% macro round_half_away(expression, decimals) -%}
    {{ return(adapter.dispatch('round_half_away', 'lead_scoring')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_half_away(expression, decimals) -%}
    {%- set factor = 10 ** decimals -%}
    (sign({{ expression }}) * floor(abs({{ expression }}) * {{ factor }} + 0.5) / {{ factor }})
{%- endmacro %}

{% macro duckdb__round_half_away(expression, decimals) -%}
    round({{ expression }}, {{ decimals }})
{%- endmacro %}
