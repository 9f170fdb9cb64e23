-- trim_to_null: one row per case (what it is, input, expected output). Returns the cases whose
-- output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('spaces around', ' L1 ', 'L1'),
    ('tab before, newline after', chr(9) || 'L1' || chr(10), 'L1'),
    ('carriage return and line feed after', 'L1' || chr(13) || chr(10), 'L1'),
    ('vertical tab and form feed around', chr(11) || 'L1' || chr(12), 'L1'),
    ('mixed whitespace run around', ' ' || chr(9) || ' ' || chr(10) || 'L1' || chr(11) || ' ', 'L1'),
    ('inner space run kept', ' L  1 ', 'L  1'),
    ('inner tab kept', 'L' || chr(9) || '1', 'L' || chr(9) || '1'),
    ('case kept', ' l1 ', 'l1'),
    ('email kept as written', ' Ann.Lee@Example.com ', 'Ann.Lee@Example.com'),
    ('nothing to trim', 'L1', 'L1'),
    ('empty is null', '', null),
    ('spaces only is null', '   ', null),
    ('whitespace only is null', chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ', null),
    ('null stays null', null, null),
    -- the regular expression runs only when the first or last character has code 32 or below
    ('space after only', 'L1 ', 'L1'),
    ('tab before only', chr(9) || 'L1', 'L1'),
    ('one character', 'x', 'x'),
    ('one space is null', ' ', null),
    ('other control character kept', chr(1) || 'L1' || chr(31), chr(1) || 'L1' || chr(31)),
    ('control character inside the trimmed run kept', ' ' || chr(1) || 'L1 ', chr(1) || 'L1'),
    ('non-ascii around kept', 'Ünal Çelik', 'Ünal Çelik'),
    ('non-ascii with spaces', ' Ünal ', 'Ünal')

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ trim_to_null('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
