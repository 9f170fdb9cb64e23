{#- True when int_engagement_points_priced can keep its prices at this run: the table exists, is
    built incrementally, and every row was priced with this run's pricing key
    (int_engagement_pricing_key: the same scoring date, event_points rows and probability half-life)
    at a scoring time no later than this run's. The model then prices again only the groups with
    new event days or (when the scoring time moved on) events on the scoring date; otherwise our
    should_full_refresh rebuilds it. Asked at run time (a query on the table); false at parse
    time. -#}
{% macro engagement_prices_kept() -%}
    {%- if not execute or model.config.materialized != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if load_relation(this) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set pricing_key = ref('int_engagement_pricing_key') -%}
    {%- set check -%}
        select
            count(*) > 0
            and min(priced.pricing_key) = max(priced.pricing_key)
            and min(priced.pricing_key) = (select pricing_key from {{ pricing_key }})
            and max(priced.priced_as_of) <= (select score_as_of from {{ pricing_key }}) as can_keep
        from {{ this }} as priced
    {%- endset -%}
    {%- set result = run_query(check) -%}
    {{ return(result.columns[0].values()[0] == true) }}
{%- endmacro %}

{#- dbt's should_full_refresh (config `full_refresh`, else the --full-refresh flag), and true for
    int_engagement_points_priced when it cannot keep its prices (macro engagement_prices_kept),
    for int_events_rejected when it cannot keep its rows (macro event_rejections_kept), for
    int_lead_versions_ranked when it cannot keep its rows (macro lead_versions_kept), for
    int_leads_classified and int_fit_points_matched when they cannot keep theirs (macro
    lead_rows_kept), for int_leads_tiered when it cannot keep its rows (macro scored_leads_kept),
    and for lead_score_breakdown and int_leads_disqualified when they cannot keep theirs (macro
    synced_leads_kept), and for rejected_rows when it cannot keep its rows of leads and events
    (macro rejected_rows_kept): the model is then rebuilt in one write, as by --full-refresh (so
    is_incremental() is false in it), instead of emptied and filled again. Every other node gets dbt's answer. -#}
{% macro should_full_refresh() -%}
    {%- set configured = config.get('full_refresh') -%}
    {%- set full_refresh = flags.FULL_REFRESH if configured is none else configured -%}
    {%- if full_refresh or not execute or model is not defined -%}
        {{ return(full_refresh) }}
    {%- elif model.name == 'int_engagement_points_priced' -%}
        {{ return(not lead_scoring.engagement_prices_kept()) }}
    {%- elif model.name == 'int_events_rejected' -%}
        {{ return(lead_scoring.event_rejections_kept() is none) }}
    {%- elif model.name == 'int_lead_versions_ranked' -%}
        {{ return(lead_scoring.lead_versions_kept() is none) }}
    {%- elif model.name in ['int_leads_classified', 'int_fit_points_matched'] -%}
        {{ return(lead_scoring.lead_rows_kept() is none) }}
    {%- elif model.name == 'int_leads_tiered' -%}
        {{ return(lead_scoring.scored_leads_kept() is none) }}
    {%- elif model.name in ['lead_score_breakdown', 'int_leads_disqualified'] -%}
        {{ return(lead_scoring.synced_leads_kept() is none) }}
    {%- elif model.name == 'rejected_rows' -%}
        {{ return(not lead_scoring.rejected_rows_kept()) }}
    {%- endif -%}
    {{ return(full_refresh) }}
{%- endmacro %}
