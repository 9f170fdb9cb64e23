{#- Per criteria seed, the checks its CSV must pass: `fails` is a condition on one row (other rows
    are reachable through `criteria` subqueries), `describe` the message (SQL text expression).
    Columns are text here, so every number is checked with try_cast. -#}

{% macro criteria_number_check(column, allow_blank=false, minimum=none, strictly_positive=false, integer=false) -%}
    {%- set number = "try_cast(trim(" ~ column ~ ") as " ~ ("bigint" if integer else "double") ~ ")" -%}
    {%- set blank = "nullif(trim(" ~ column ~ "), '') is null" -%}
    {%- set kind = "a whole number" if integer else "a number" -%}
    {%- set checks = [{
        'fails': ("not (" ~ blank ~ ") and " if allow_blank else "") ~ number ~ " is null",
        'describe': "'" ~ column ~ " must be " ~ kind ~ (" or blank" if allow_blank else "")
            ~ ", got ''' || coalesce(" ~ column ~ ", '') || ''''",
    }] -%}
    {%- if minimum is not none or strictly_positive -%}
        {%- set bound = "> 0" if strictly_positive else ">= " ~ minimum -%}
        {%- do checks.append({
            'fails': number ~ " is not null and not (" ~ number ~ " " ~ bound ~ ")",
            'describe': "'" ~ column ~ " must be " ~ bound ~ ", got ' || " ~ column,
        }) -%}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}

{% macro criteria_required_check(column) -%}
    {{ return([{
        'fails': "nullif(trim(" ~ column ~ "), '') is null",
        'describe': "'" ~ column ~ " is blank'",
    }]) }}
{%- endmacro %}

{% macro criteria_one_of_check(column, values) -%}
    {{ return([{
        'fails': "lower(trim(coalesce(" ~ column ~ ", ''))) not in ('" ~ values | join("', '") ~ "')",
        'describe': "'" ~ column ~ " must be one of " ~ values | join(', ')
            ~ ", got ''' || coalesce(" ~ column ~ ", '') || ''''",
    }]) }}
{%- endmacro %}

{#- `normalise` is one expression for every column (X = the column, {t} = the table alias) or a
    dict of them by column (columns not named: lower(trim(...))). -#}
{% macro criteria_unique_check(columns, normalise='lower(trim({t}.X))') -%}
    {%- set ns = namespace(other=[], this=[]) -%}
    {%- for column in columns -%}
        {%- set expression = normalise.get(column, 'lower(trim({t}.X))') if normalise is mapping else normalise -%}
        {%- do ns.other.append(expression | replace('X', column) | replace('{t}', 'other')) -%}
        {%- do ns.this.append(expression | replace('X', column) | replace('{t}', 'criteria')) -%}
    {%- endfor -%}
    {%- set other_key = ns.other | join(" || ' + ' || ") -%}
    {%- set this_key = ns.this | join(" || ' + ' || ") -%}
    {%- set same_key = other_key ~ " = " ~ this_key ~ " and other.csv_row != criteria.csv_row" -%}
    {{ return([{
        'fails': "exists (select 1 from criteria as other where " ~ same_key ~ ")",
        'describe': "'duplicate " ~ columns | join(' + ') ~ " ''' || " ~ this_key
            ~ " || ''' (also on row ' || (select string_agg(cast(other.csv_row as varchar), ', ' order by other.csv_row)"
            ~ " from criteria as other where " ~ same_key ~ ") || ')'",
    }]) }}
{%- endmacro %}

{#- Passes when `column` is absent from the CSV (an optional column) or holds true, false or blank. -#}
{% macro criteria_optional_boolean_check(column, present_columns) -%}
    {%- if column not in present_columns -%}{{ return([]) }}{%- endif -%}
    {{ return([{
        'fails': "lower(trim(coalesce(" ~ column ~ ", ''))) not in ('true', 'false', '')",
        'describe': "'" ~ column ~ " must be true, false or blank, got ''' || " ~ column ~ " || ''''",
    }]) }}
{%- endmacro %}

{#- Passes when the row's value for `attribute` is one of the values another criteria CSV defines
    (`reference_sql` selects them as `defined_value`, lower-cased), or one of `also_allowed`. -#}
{% macro criteria_value_defined_check(attribute, reference_sql, reference_name, also_allowed=[]) -%}
    {%- set value = "lower(trim(criteria.value))" -%}
    {%- set allowed = also_allowed | map('string') | list -%}
    {{ return([{
        'fails': "lower(trim(criteria.attribute)) = '" ~ attribute ~ "' and nullif(trim(criteria.value), '') is not null"
            ~ (" and " ~ value ~ " not in ('" ~ allowed | join("', '") ~ "')" if allowed else "")
            ~ " and " ~ value ~ " not in (select defined.defined_value from (" ~ reference_sql ~ ") as defined"
            ~ " where defined.defined_value is not null)",
        'describe': "'" ~ attribute ~ " value ''' || criteria.value || ''' is not defined in " ~ reference_name
            ~ " (defined: ' || coalesce((select string_agg(distinct defined.defined_value, ', ' order by defined.defined_value)"
            ~ " from (" ~ reference_sql ~ ") as defined where defined.defined_value is not null), 'none')"
            ~ (" || '; also allowed: " ~ allowed | join(', ') ~ "'" if allowed else "") ~ " || ')'",
    }]) }}
{%- endmacro %}

{% macro criteria_checks(present_columns=[]) -%}
    {%- set categories = ['demographic', 'firmographic', 'behavioral', 'engagement', 'product_usage', 'negative'] -%}
    {%- set attributes = var('scored_attributes') -%}
    {%- set aliased_attributes = attributes | reject('in', var('derived_attributes')) | list -%}
    {%- set seniorities = "select lower(trim(seniority)) as defined_value from "
        ~ lead_scoring.criteria_csv_reader('job_title_seniority') -%}
    {%- set number_text = 'cast(try_cast(trim({t}.X) as double) as varchar)' -%}
    {%- set bands = "select lower(trim(band)) as defined_value from "
        ~ lead_scoring.criteria_csv_reader('company_size_bands') -%}
    {{ return({
        'job_title_seniority':
            lead_scoring.criteria_required_check('pattern')
            + [{
                'fails': "nullif(trim(pattern), '') is not null and try(regexp_matches('', pattern)) is null",
                'describe': "'pattern is not a valid regular expression: ''' || pattern || ''''",
            }]
            + lead_scoring.criteria_required_check('seniority')
            + lead_scoring.criteria_number_check('priority', integer=true)
            + lead_scoring.criteria_unique_check(['priority']),
        'company_size_bands':
            lead_scoring.criteria_required_check('band')
            + lead_scoring.criteria_unique_check(['band'])
            + lead_scoring.criteria_number_check('min_employees', integer=true, minimum=0)
            + lead_scoring.criteria_number_check('max_employees', allow_blank=true, integer=true, minimum=0)
            + [{
                'fails': "try_cast(max_employees as bigint) < try_cast(min_employees as bigint)",
                'describe': "'max_employees ' || max_employees || ' is below min_employees ' || min_employees",
            }, {
                'fails': "exists (select 1 from criteria as other where other.csv_row != criteria.csv_row"
                    ~ " and try_cast(other.min_employees as bigint) <= coalesce(try_cast(criteria.max_employees as bigint), 9223372036854775807)"
                    ~ " and try_cast(criteria.min_employees as bigint) <= coalesce(try_cast(other.max_employees as bigint), 9223372036854775807))",
                'describe': "'band ''' || band || ''' overlaps another band (' || (select string_agg(other.band, ', ') from criteria as other"
                    ~ " where other.csv_row != criteria.csv_row"
                    ~ " and try_cast(other.min_employees as bigint) <= coalesce(try_cast(criteria.max_employees as bigint), 9223372036854775807)"
                    ~ " and try_cast(criteria.min_employees as bigint) <= coalesce(try_cast(other.max_employees as bigint), 9223372036854775807)) || ')'",
            }, {
                'fails': "try_cast(max_employees as bigint) is not null and not exists (select 1 from criteria as other"
                    ~ " where try_cast(other.min_employees as bigint) = try_cast(criteria.max_employees as bigint) + 1)"
                    ~ " and exists (select 1 from criteria as other"
                    ~ " where try_cast(other.min_employees as bigint) > try_cast(criteria.max_employees as bigint))",
                'describe': "'gap after band ''' || band || ''': no band starts at ' || (try_cast(max_employees as bigint) + 1)",
            }, {
                'fails': "nullif(trim(max_employees), '') is null and exists (select 1 from criteria as other"
                    ~ " where try_cast(other.min_employees as bigint) > try_cast(criteria.min_employees as bigint))",
                'describe': "'band ''' || band || ''' has no max_employees (no limit) but is not the last band'",
            }],
        'attribute_points':
            lead_scoring.criteria_one_of_check('attribute', attributes)
            + lead_scoring.criteria_required_check('value')
            + lead_scoring.criteria_number_check('points')
            + lead_scoring.criteria_one_of_check('category', categories)
            + lead_scoring.criteria_unique_check(['attribute', 'value'])
            + lead_scoring.criteria_optional_boolean_check('disqualifies', present_columns)
            + lead_scoring.criteria_value_defined_check(
                'job_seniority', seniorities, 'seeds/job_title_seniority.csv (column seniority)', ['other'])
            + lead_scoring.criteria_value_defined_check(
                'company_size_band', bands, 'seeds/company_size_bands.csv (column band)'),
        'event_points':
            lead_scoring.criteria_required_check('event_type')
            + [{
                'fails': "nullif(trim(event_type), '') is not null and trim(event_type) != "
                    ~ lead_scoring.clean_event_type('event_type'),
                'describe': "'event_type ''' || event_type || ''' is not in normal form; write ''' || "
                    ~ lead_scoring.clean_event_type('event_type') ~ " || ''''",
            }]
            + lead_scoring.criteria_unique_check(['event_type'])
            + lead_scoring.criteria_number_check('points')
            + lead_scoring.criteria_one_of_check('frequency', ['once', 'each'])
            + lead_scoring.criteria_number_check('max_points', allow_blank=true, minimum=0)
            + lead_scoring.criteria_number_check('half_life_days', allow_blank=true, strictly_positive=true)
            + lead_scoring.criteria_number_check('lookback_days', allow_blank=true, integer=true, minimum=0)
            + lead_scoring.criteria_one_of_check('category', categories)
            + lead_scoring.criteria_optional_boolean_check('disqualifies', present_columns),
        'value_aliases':
            lead_scoring.criteria_one_of_check('attribute', aliased_attributes)
            + lead_scoring.criteria_required_check('alias')
            + lead_scoring.criteria_required_check('value')
            + lead_scoring.criteria_unique_check(['attribute', 'alias'], normalise=lead_scoring.clean_category('{t}.X'))
            + [{
                'fails': lead_scoring.clean_category('alias') ~ " = " ~ lead_scoring.clean_category('value'),
                'describe': "'alias ''' || alias || ''' maps to itself'",
            }, {
                'fails': "exists (select 1 from criteria as other where lower(trim(other.attribute)) = lower(trim(criteria.attribute))"
                    ~ " and " ~ lead_scoring.clean_category('other.alias') ~ " = " ~ lead_scoring.clean_category('criteria.value') ~ ")",
                'describe': "'value ''' || value || ''' is itself an alias (row ' || (select min(other.csv_row) from criteria as other"
                    ~ " where lower(trim(other.attribute)) = lower(trim(criteria.attribute))"
                    ~ " and " ~ lead_scoring.clean_category('other.alias') ~ " = " ~ lead_scoring.clean_category('criteria.value')
                    ~ ") || '); aliases do not chain: map straight to the final value'",
            }],
        'score_tiers':
            lead_scoring.criteria_required_check('tier')
            + lead_scoring.criteria_unique_check(['tier'])
            + lead_scoring.criteria_number_check('min_score')
            + lead_scoring.criteria_unique_check(['min_score'], normalise=number_text)
            + lead_scoring.criteria_one_of_check('is_mql', ['true', 'false']),
        'score_grades':
            lead_scoring.criteria_one_of_check('axis', ['fit', 'engagement'])
            + lead_scoring.criteria_required_check('grade')
            + lead_scoring.criteria_unique_check(['axis', 'grade'])
            + lead_scoring.criteria_number_check('min_score')
            + lead_scoring.criteria_unique_check(['axis', 'min_score'], normalise={'min_score': number_text}),
        'account_tiers':
            lead_scoring.criteria_required_check('tier')
            + lead_scoring.criteria_unique_check(['tier'])
            + lead_scoring.criteria_number_check('min_score')
            + lead_scoring.criteria_unique_check(['min_score'], normalise=number_text),
        'free_email_domains':
            lead_scoring.criteria_required_check('domain')
            + lead_scoring.criteria_unique_check(['domain']),
    }) }}
{%- endmacro %}
