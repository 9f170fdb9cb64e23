{#- Fails with one row per combination of `columns` that occurs more than once: the grain test
    for models whose key spans several columns.

    `latest_load_column` (optional) makes it incremental for incremental models: only the keys of
    the rows one load wrote are checked, against every row. Under `dbt build` that load is this
    invocation's (`latest_load_column` = the run's start, macro run_started_timestamp): a build that
    loads nothing checks nothing, however large the previous load was (one big file is one load).
    Under `dbt test` it is the latest load (`latest_load_column` holds its maximum). The rows loaded
    earlier were checked by the run that loaded them, so a scheduled run's cost follows what is new,
    not all of history. With `--full-refresh` every key is checked. Rows with a null in a key column
    are only checked in the full form.
    `range_column` (optional, one of `columns`): rows outside the range of that column among the
    latest rows cannot share a key with them, so they are skipped before the join (a date or an id
    that grows with time lets the warehouse skip whole blocks). Not on DuckDB: its hash join passes
    the latest keys' ranges to the scan itself and reads nothing when there are none, which the
    subquery filter prevented (a full scan of 48M rows in a build that loaded nothing). -#}
{% test unique_combination(model, columns, column_name=none, latest_load_column=none, range_column=none) %}

    {%- set incremental = latest_load_column is not none and not flags.FULL_REFRESH %}
    {#- A load without rows (a build that loaded nothing): nothing to check, and no join that
        would read every row (macro has_rows_where). -#}
    {%- set nothing_loaded = incremental and not lead_scoring.load_has_rows(model, latest_load_column) %}

    with

    checked_rows as {{ lead_scoring.inline_cte() }} (

        select * from {{ model }}

    ),

    {% if incremental %}

        latest_keys as (

            select distinct {{ columns | join(', ') }}
            from checked_rows
            where {{ latest_load_column }} = {{ this_load(latest_load_column, 'checked_rows') }}

        ),

    {% endif %}

    final as (

        select
            {% for column in columns %}checked_rows.{{ column }}, {% endfor %}
            count(*) as occurrences
        from checked_rows
        {% if nothing_loaded %}
            where false
        {% elif incremental %}
            inner join latest_keys
                on
                    {% for column in columns %}
                        {% if not loop.first %}and {% endif %}checked_rows.{{ column }} = latest_keys.{{ column }}
                    {% endfor %}
            {% if range_column and target.type != 'duckdb' %}
                where
                    checked_rows.{{ range_column }} >= (select min(latest_keys.{{ range_column }}) from latest_keys)
                    and checked_rows.{{ range_column }} <= (select max(latest_keys.{{ range_column }}) from latest_keys)
            {% endif %}
        {% endif %}
        group by {% for column in columns %}{% if not loop.first %}, {% endif %}checked_rows.{{ column }}{% endfor %}
        having count(*) > 1

    )

    select * from final

{% endtest %}
