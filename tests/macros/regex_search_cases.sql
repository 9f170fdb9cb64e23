-- regex_search: one row per case (what it is, input, pattern, case-insensitive?, expected output).
-- Returns the cases whose output differs, so a failure names the case. Add a case as one more row
-- of `cases`.
with

cases (case_name, input_value, pattern, is_case_insensitive, expected) as (

    values
    ('found in the middle', 'Senior Developer', 'Dev', false, true),
    ('case differs, case-sensitive', 'Senior Developer', 'dev', false, false),
    ('case differs, case-insensitive', 'Senior Developer', 'dev', true, true),
    ('not found', 'Marketing Manager', 'engineer', true, false),
    ('anchored at the start', 'VP of Sales', '^vp', true, true),
    ('anchored, found later only', 'Former VP', '^vp', true, false),
    ('alternation', 'Chief Executive Officer', 'ceo|chief', true, true),
    ('escaped special characters', 'C++ Developer', 'c\+\+', true, true),
    ('dot is any character', 'a-b', 'a.b', false, true),
    ('digits only', '1200', '^[0-9]+$', false, true),
    ('digits only, with a comma', '1,200', '^[0-9]+$', false, false),
    ('empty input, empty pattern', '', '^$', false, true),
    ('null input is null', null, 'x', false, null)

),

checked as (

    select
        case_name,
        input_value,
        pattern,
        is_case_insensitive,
        expected,
        case
            when is_case_insensitive then {{ regex_search('input_value', 'pattern', case_insensitive=true) }}
            else {{ regex_search('input_value', 'pattern') }}
        end as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
