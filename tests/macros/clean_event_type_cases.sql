-- clean_event_type: one row per case (what it is, input, expected output). Returns the cases whose
-- output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('words and capitals', 'Pricing Page View', 'pricing_page_view'),
    ('hyphens', 'pricing-page-view', 'pricing_page_view'),
    ('already normal', 'pricing_page_view', 'pricing_page_view'),
    ('runs of mixed separators, spaces around', ' PRICING__page view ', 'pricing_page_view'),
    ('hyphen, space and underscore in one run', 'pricing - _page view', 'pricing_page_view'),
    ('inner tab', 'pricing' || chr(9) || 'page' || chr(9) || 'view', 'pricing_page_view'),
    ('tab before, newline after', chr(9) || 'Free Trial Start' || chr(10), 'free_trial_start'),
    ('vertical tab around', chr(11) || 'demo-request' || chr(11), 'demo_request'),
    ('one word', 'Webinar', 'webinar'),
    ('empty is null', '', null),
    ('whitespace only is null', chr(9) || '  ' || chr(10), null),
    ('null stays null', null, null)

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ clean_event_type('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
