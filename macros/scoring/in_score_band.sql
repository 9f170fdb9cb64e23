{#- Join condition: `score` falls in the band `bands` (an alias of int_score_bands) of `scale`
    (fit, engagement or account). Exactly one band of a scale matches any score. -#}
{% macro in_score_band(score, bands, scale) -%}
    {{ bands }}.band_scale = '{{ scale }}'
    and ({{ bands }}.lower_bound is null or {{ score }} >= {{ bands }}.lower_bound)
    and ({{ bands }}.upper_bound is null or {{ score }} < {{ bands }}.upper_bound)
{%- endmacro %}
