{#- The order that picks the examples a regression learns from when there are more than var
    max_training_examples: a multiplicative hash of the example number, in integer arithmetic
    every engine computes the same way, then the number. `order by` it and `limit` to the cap:
    a fixed, spread-out subset (not the oldest cohorts) on every run and engine. -#}
{% macro training_sample_order(example_id) -%}
    mod(mod({{ example_id }}, 2147483648) * 2654435761, 4294967296), {{ example_id }}
{%- endmacro %}
