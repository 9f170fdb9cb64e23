-- clean_category: one row per case (what it is, input, expected output). Returns the cases whose
-- output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('lower-cased', 'Software', 'software'),
    ('spaces around', '  Software  ', 'software'),
    ('inner space run collapsed', 'United   States', 'united states'),
    ('inner tab and newline collapsed', 'United' || chr(9) || chr(10) || 'States', 'united states'),
    ('tab before, newline after', chr(9) || 'USA' || chr(10), 'usa'),
    ('carriage return and line feed after', 'USA' || chr(13) || chr(10), 'usa'),
    ('runs around and inside', ' ' || chr(9) || 'Paid ' || chr(10) || ' Search ' || chr(13), 'paid search'),
    ('vertical tab and form feed are whitespace', chr(11) || 'United' || chr(12) || 'States', 'united states'),
    ('hyphen kept', 'E-Commerce', 'e-commerce'),
    ('already clean', 'united states', 'united states'),
    ('empty is null', '', null),
    ('whitespace only is null', ' ' || chr(9) || chr(10) || ' ', null),
    ('null stays null', null, null)

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ clean_category('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
