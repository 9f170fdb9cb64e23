-- is_valid_json: one row per case (what it is, input, expected output). Returns the cases whose
-- output differs, so a failure names the case. Add a case as one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('object', '{"page": "/pricing", "ms": 1200}', true),
    ('nested', '{"utm": {"source": "ads"}, "tags": [1, 2]}', true),
    ('array', '[1, 2]', true),
    ('empty object', '{}', true),
    ('string', '"text"', true),
    ('number', '42', true),
    ('literal null', 'null', true),
    ('spaces around', ' {"a": 1} ', true),
    ('unquoted key', '{a: 1}', false),
    ('single quotes', '{''a'': 1}', false),
    ('unclosed', '{"a": 1', false),
    ('plain text', 'not json', false),
    ('empty', '', false),
    ('null is null', null, null)

),

checked as (

    select
        case_name,
        input_value,
        expected,
        {{ is_valid_json('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
