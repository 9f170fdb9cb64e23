-- order_independent_sum: one group per case (its terms, and the exact sum expected). Returns the
-- cases whose sum differs from the exact one, so a failure names the case. Whole units of 10^-9
-- added as doubles are exact below 2^53 units, whatever order the rows are added in; a plain
-- double sum of 0.1, 0.2 and 0.3 is 0.6000000000000001. Add a case as rows of `terms` and
-- `expected`.
with

terms (case_name, term) as (

    values
    ('tenths', 0.1),
    ('tenths', 0.2),
    ('tenths', 0.3),
    ('negative tenths', -0.1),
    ('negative tenths', -0.2),
    ('negative tenths', -0.3),
    ('each half unit rounds away from zero', 0.0000000005),
    ('each half unit rounds away from zero', 0.0000000005),
    ('negative half units round away from zero', -0.0000000005),
    ('negative half units round away from zero', -0.0000000005),
    ('mixed signs', 12.345678901),
    ('mixed signs', -2.345678901),
    ('near 2^53 units, to the last unit', 9000000.1),
    ('near 2^53 units, to the last unit', 0.000000001),
    ('a null term adds nothing', 1.5),
    ('a null term adds nothing', null),
    ('only null terms is null', null)

),

expected (case_name, expected_sum) as (

    values
    ('tenths', 0.6),
    ('negative tenths', -0.6),
    ('each half unit rounds away from zero', 0.000000002),
    ('negative half units round away from zero', -0.000000002),
    ('mixed signs', 10.0),
    ('near 2^53 units, to the last unit', 9000000.100000001),
    ('a null term adds nothing', 1.5),
    ('only null terms is null', null)

),

summed as (

    select
        case_name,
        {{ order_independent_sum(dbt.cast('term', type_double())) }} as actual_sum
    from terms
    group by case_name

),

final as (

    select
        expected.case_name,
        expected.expected_sum,
        summed.actual_sum
    from expected
    left join summed
        on expected.case_name = summed.case_name
    where summed.actual_sum is distinct from {{ dbt.cast('expected.expected_sum', type_double()) }}

)

select * from final
