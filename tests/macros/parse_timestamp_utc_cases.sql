-- parse_timestamp_utc: one row per case (what it is, input, expected UTC timestamp as text; null =
-- unparseable). Returns the cases whose output differs, so a failure names the case. Add a case as
-- one more row of `cases`.
with

cases (case_name, input_value, expected) as (

    values
    ('no offset is UTC', '2026-05-01T10:00:00', '2026-05-01 10:00:00'),
    ('space instead of T', '2026-05-01 10:00:00', '2026-05-01 10:00:00'),
    ('Z', '2026-05-01T10:00:00Z', '2026-05-01 10:00:00'),
    ('+02:00 offset', '2026-05-01T12:00:00+02:00', '2026-05-01 10:00:00'),
    ('-05:00 offset', '2026-05-01T05:00:00-05:00', '2026-05-01 10:00:00'),
    ('offset moves it to the previous day', '2026-05-01T01:30:00+02:00', '2026-04-30 23:30:00'),
    ('fractional seconds', '2026-05-01T10:00:00.123456Z', '2026-05-01 10:00:00.123456'),
    ('no seconds', '2026-05-01T10:00', '2026-05-01 10:00:00'),
    ('date only is midnight UTC', '2026-05-01', '2026-05-01 00:00:00'),
    ('spaces around', ' 2026-05-01T10:00:00Z ', '2026-05-01 10:00:00'),
    ('tab before, newline after', chr(9) || '2026-05-01T12:00:00+02:00' || chr(10), '2026-05-01 10:00:00'),
    ('garbage is unparseable', 'garbage', null),
    ('month 13, day 45 is unparseable', '2026-13-45', null),
    ('february 30 is unparseable', '2026-02-30', null),
    ('hour 25 is unparseable', '2026-05-01T25:00:00', null),
    ('empty is unparseable', '', null),
    ('null stays null', null, null)

),

checked as (

    select
        case_name,
        input_value,
        cast(expected as timestamp) as expected,
        {{ parse_timestamp_utc('input_value') }} as actual
    from cases

),

final as (

    select *
    from checked
    where actual is distinct from expected

)

select * from final
