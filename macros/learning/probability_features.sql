{#- The conversion-probability model's features as rows (example_id, feature, x), from a CTE of
    lead attributes (`attributes`: example_id and the columns of var scored_attributes) and one of
    engagement (`events`: example_id, event_type, event_count, decayed_count), the same for the
    training examples (history) and the leads scored now:
    - `<attribute> = <value>`: 1 for the lead's value of each scored attribute, whether or not
      attribute_points has a row for it (blank values are the baseline: no row);
    - `recent: <event type>`: ln(1 + events weighted by 0.5 ^ (age / probability_half_life_days));
    - `count: <event type>`: ln(1 + all events so far), for every event type seen, known or not. -#}
{% macro probability_features(attributes, events) -%}
    {%- for attribute in var('scored_attributes') %}
    select
        example_id,
        '{{ attribute }} = ' || lower({{ attribute }}) as feature,
        1.0 as x
    from {{ attributes }}
    where {{ attribute }} is not null
    union all
    {%- endfor %}
    select
        example_id,
        'recent: ' || event_type as feature,
        ln(1 + decayed_count) as x
    from {{ events }}
    where decayed_count > 0
    union all
    select
        example_id,
        'count: ' || event_type as feature,
        ln(1 + event_count) as x
    from {{ events }}
    where event_count > 0
{%- endmacro %}
