{#- True when int_engagement_points_priced can be updated in place at this run: every row was
    priced for this run's pricing key (int_engagement_pricing_key: the same scoring date, event_points
    rows and probability half-life) at a scoring time no later than this run's. The model then
    prices again only the lead and event type groups with new event days or with events on the
    scoring date; otherwise it prices every group, and macro engagement_prices_reset empties the
    table first. Asked at run time; false when the model is not built incrementally. -#}
{% macro engagement_prices_can_be_updated() -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set pricing_key = ref('int_engagement_pricing_key') -%}
    {%- set check -%}
        select
            count(*) > 0
            and min(priced.pricing_key) = max(priced.pricing_key)
            and min(priced.pricing_key) = (select pricing_key from {{ pricing_key }})
            and max(priced.priced_as_of) <= (select score_as_of from {{ pricing_key }}) as can_update
        from {{ this }} as priced
    {%- endset -%}
    {%- set result = run_query(check) -%}
    {{ return(result.columns[0].values()[0] == true) }}
{%- endmacro %}

{#- The pre-hook of int_engagement_points_priced: empties the table when it cannot be updated in
    place (macro engagement_prices_can_be_updated), so that a group priced for another key or a
    later scoring time never stays behind; nothing otherwise. A run stopped after it finds an
    empty table and prices every group. -#}
{% macro engagement_prices_reset() -%}
    {%- if is_incremental() and not engagement_prices_can_be_updated() -%}
        delete from {{ this }}
    {%- endif -%}
{%- endmacro %}
