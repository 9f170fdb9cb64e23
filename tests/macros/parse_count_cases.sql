-- parse_count: one row per case (what it is, input, expected output). Returns the cases whose
-- output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('digits', '300', 300),
    ('zero', '0', 0),
    ('leading zeros', '007', 7),
    ('thousands comma, spaces around', ' 1,200 ', 1200),
    ('thousands space, spaces around', ' 1 200 ', 1200),
    ('several thousands commas', '1,000,000', 1000000),
    ('largest bigint', '9223372036854775807', 9223372036854775807),
    ('too large for bigint is null', '99999999999999999999', null),
    ('tab and newline around', chr(9) || '300' || chr(10), 300),
    ('abbreviation is null', '1.2k', null),
    ('negative is null', '-5', null),
    ('plus sign is null', '+5', null),
    ('decimal point is null', '300.0', null),
    ('exponent is null', '1e3', null),
    ('word is null', 'unknown', null),
    ('empty is null', '', null),
    ('spaces only is null', '   ', null),
    ('null stays null', null, null)

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ parse_count('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
