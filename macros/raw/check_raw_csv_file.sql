{#- Reads raw CSV files (DuckDB) with the input's delimiter and encoding before DuckDB's sniffer
    does, and fails with a message naming the file and vars raw_delimiter / raw_encoding when they
    do not fit: a file in another encoding, split by another delimiter or with broken quoting. The
    sniffer would stop the run with a dump of its search space instead, and a Jinja macro cannot
    catch an error, so these reads do not raise: they run without the sniffer (auto_detect = false)
    and DuckDB records each faulty line in its rejects tables (store_rejects).

    DuckDB writes the rejects tables only when a read reaches the end of the file, so a file is
    checked by reading all of it: per input, the newest files (last by name) up to var
    raw_csv_check_mb megabytes together (about 1 s per 100 MB), which covers every new file of an
    incremental folder while the older ones were checked when they were new. A fault in a file
    beyond that still stops the build, with DuckDB's own message. -#}
{% macro check_raw_csv_files(input_name, files, sizes, csv) -%}
    {%- set state = {'bytes_left': lead_scoring.raw_csv_check_bytes()} -%}
    {%- for file in files | reverse -%}
        {%- if sizes[file] <= state.bytes_left -%}
            {%- do state.update({'bytes_left': state.bytes_left - sizes[file]}) -%}
            {%- do lead_scoring.check_raw_csv_file(input_name, file, csv) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{% macro check_raw_csv_file(input_name, file, csv) -%}
    {%- set dialect = "delim = " ~ lead_scoring.sql_text(csv.delimiter) ~ ", quote = '\"', escape = '\"'"
        ~ ", encoding = " ~ lead_scoring.sql_text(csv.encoding) ~ ", auto_detect = false" -%}

    {#- 1. How many fields a row has: those of the first readable line. -#}
    {%- set header = lead_scoring.csv_first_line(file, dialect, 64) -%}
    {%- if header | length == 64 -%}
        {%- set header = lead_scoring.csv_first_line(file, dialect, 4096) -%}
    {%- endif -%}
    {#- One field: most likely another delimiter. Say so now, before its rows fail on field counts. -#}
    {%- if header | length == 1 -%}
        {%- do lead_scoring.check_raw_columns(input_name, file, header, csv, log_extra=false) -%}
    {%- endif -%}

    {#- 2. Every line, header included, read as exactly that many fields. -#}
    {%- set columns = [] -%}
    {%- for index in range(1, [header | length, 1] | max + 1) -%}
        {%- do columns.append("'field_" ~ index ~ "': 'varchar'") -%}
    {%- endfor -%}
    {%- do run_query("drop table if exists lead_scoring_csv_rejects; drop table if exists lead_scoring_csv_scans") -%}
    {%- do run_query(
        "select count(columns(*)) from read_csv(" ~ lead_scoring.sql_text(file) ~ ", header = false, columns = {"
        ~ columns | join(', ') ~ "}, " ~ dialect ~ ", store_rejects = true"
        ~ ", rejects_table = 'lead_scoring_csv_rejects', rejects_scan = 'lead_scoring_csv_scans')"
    ) -%}
    {%- set rejected = run_query(
        "select line, upper(error_type), error_message from lead_scoring_csv_rejects order by line limit 1"
    ).rows -%}
    {%- do run_query("drop table if exists lead_scoring_csv_rejects; drop table if exists lead_scoring_csv_scans") -%}
    {%- if rejected -%}
        {{ lead_scoring.raw_csv_error(input_name, file, csv, rejected[0][0], rejected[0][1], rejected[0][2]) }}
    {%- elif not header -%}
        {{ lead_scoring.raw_csv_error(input_name, file, csv, 1, '', 'no readable header line') }}
    {%- endif -%}
{%- endmacro %}

{#- The fields of the first readable line of a CSV file, read into `width` text columns: a line
    with more fields fills them all (strict_mode = false cuts it), one with fewer is padded with
    nulls (null_padding; nullstr keeps an empty field apart from a padded one). parallel = false
    reads from the top and stops after the line. -#}
{% macro csv_first_line(file, dialect, width) -%}
    {%- set columns = [] -%}
    {%- for index in range(1, width + 1) -%}
        {%- do columns.append("'field_" ~ index ~ "': 'varchar'") -%}
    {%- endfor -%}
    {%- set first_line = run_query(
        "select to_json(list_filter(fields, lambda field: field is not null)) from ("
        ~ "select list_value(*columns(*)) as fields from read_csv(" ~ lead_scoring.sql_text(file)
        ~ ", header = false, columns = {" ~ columns | join(', ') ~ "}, null_padding = true, strict_mode = false"
        ~ ", parallel = false, ignore_errors = true, nullstr = 'lead_scoring: no value', " ~ dialect ~ ") limit 1)"
    ).columns[0].values() | list -%}
    {{ return(fromjson(first_line[0]) if first_line else []) }}
{%- endmacro %}

{% macro raw_csv_error(input_name, file, csv, line, error_type, error_message) -%}
    {%- if error_type in ['INVALID ENCODING', 'INVALID UNICODE'] -%}
        {%- set hint = "the file is not " ~ csv.encoding ~ " text: set var raw_encoding to its encoding (utf-8, "
            ~ "utf-16 or latin-1; one for every input, or per input, e.g. {" ~ input_name ~ ": latin-1})" -%}
    {%- elif error_type in ['TOO MANY COLUMNS', 'MISSING COLUMNS'] -%}
        {%- set hint = "a row has another number of fields than the first line: set var raw_delimiter to the "
            ~ "file's field separator (one for every input, or per input, e.g. {" ~ input_name ~ ": ';'}) or fix "
            ~ "the file's quoting; a file in another encoding (var raw_encoding) can look like this too" -%}
    {%- elif error_type == 'UNQUOTED VALUE' -%}
        {%- set hint = "a quoted value does not end where a field should: set var raw_delimiter to the file's "
            ~ "field separator, or fix the file's quoting (values quoted with \", a \" inside doubled)" -%}
    {%- else -%}
        {%- set hint = "set vars raw_delimiter and raw_encoding to the file's field separator and encoding" -%}
    {%- endif -%}
    {{ lead_scoring.raw_input_error(input_name, file,
        "cannot be read as CSV with delimiter '" ~ csv.delimiter | replace('\t', '\\t') ~ "' (var raw_delimiter)"
        ~ " and encoding '" ~ csv.encoding ~ "' (var raw_encoding): line " ~ line ~ ": "
        ~ (error_message | trim | replace('\n', ' ')).rstrip('.') ~ "; " ~ hint) }}
{%- endmacro %}
