-- regex_replace_all: one row per case (what it is, input, pattern, replacement, expected output).
-- Returns the cases whose output differs, so a failure names the case. Add a case as one more row
-- of `cases`.
with

cases (case_name, input_value, pattern, replacement, expected) as (

    values
    ('every match replaced', 'a-b-c', '-', '_', 'a_b_c'),
    ('runs replaced', 'a  b   c', ' +', ' ', 'a b c'),
    ('both ends of an anchored alternation', '  x  ', '^ +| +$', '', 'x'),
    ('case-sensitive', 'aAa', 'a', '_', '_A_'),
    ('empty replacement deletes', '1,200,000', ',', '', '1200000'),
    ('capture groups', 'Smith, John', '(\w+), (\w+)', '\2 \1', 'John Smith'),
    ('no match leaves the input', 'abc', 'z', '_', 'abc'),
    ('empty input', '', 'x', '_', ''),
    ('null input is null', null, 'x', '_', null)

),

checked as (

    select
        case_name,
        input_value,
        pattern,
        replacement,
        expected,
        {{ regex_replace_all('input_value', 'pattern', 'replacement') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
