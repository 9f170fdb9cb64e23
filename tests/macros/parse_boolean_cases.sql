-- parse_boolean: one row per case (what it is, input, expected output; null = unparseable). Returns
-- the cases whose output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('true', 'true', true),
    ('true upper-case', 'TRUE', true),
    ('true mixed case, spaces around', ' True ', true),
    ('1', '1', true),
    ('1, tab before, newline after', chr(9) || '1' || chr(10), true),
    ('false', 'false', false),
    ('false upper-case', 'FALSE', false),
    ('0', '0', false),
    ('0, spaces around', ' 0 ', false),
    ('empty is false', '', false),
    ('spaces only is false', '   ', false),
    ('whitespace only is false', chr(9) || chr(10) || chr(13), false),
    ('null is false', null, false),
    ('garbage is unparseable', 'garbage', null),
    ('misspelt true is unparseable', 'truee', null),
    ('2 is unparseable', '2', null),
    ('-1 is unparseable', '-1', null),
    ('10 is unparseable', '10', null)

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ parse_boolean('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
