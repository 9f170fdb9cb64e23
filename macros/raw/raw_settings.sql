{#- The vars that say how raw exports are written (README: Configuration), each read and checked
    here only, so a mistake fails before any model runs with a message naming the var. -#}

{% macro raw_setting_error(var_name, problem) -%}
    {{ exceptions.raise_compiler_error(
        "lead_scoring: var " ~ var_name ~ " " ~ problem ~ ". See README.md (Configuration).") }}
{%- endmacro %}

{#- Checks every raw-export var at once (the run-start hook calls it before reading any file). -#}
{% macro validate_raw_settings() -%}
    {%- for input_name in lead_scoring.raw_input_columns() -%}
        {%- do lead_scoring.raw_encoding(input_name) -%}
        {%- do lead_scoring.raw_delimiter(input_name) -%}
        {%- do lead_scoring.raw_column_mapping(input_name) -%}
    {%- endfor -%}
    {%- do lead_scoring.raw_timestamp_formats() -%}
    {%- do lead_scoring.raw_csv_check_bytes() -%}
{%- endmacro %}

{#- One input's value of a CSV var that is either one value for every input or a mapping
    {<input>: value}; an input the mapping does not name gets `default`. -#}
{% macro raw_input_setting(var_name, input_name, default) -%}
    {%- set value = var(var_name, default) -%}
    {%- if value is mapping -%}
        {%- set unknown = value.keys() | reject('in', lead_scoring.raw_input_columns()) | list -%}
        {%- if unknown -%}
            {{ lead_scoring.raw_setting_error(var_name, "names no raw input '" ~ unknown | join("', '")
                ~ "'; inputs are " ~ lead_scoring.raw_input_columns().keys() | join(', ')) }}
        {%- endif -%}
        {%- set value = value.get(input_name, default) -%}
    {%- endif -%}
    {{ return(default if value is none else value) }}
{%- endmacro %}

{#- How much of each CSV input the run-start check reads (var raw_csv_check_mb), in bytes. -#}
{% macro raw_csv_check_bytes() -%}
    {%- set megabytes = var('raw_csv_check_mb', 100) -%}
    {%- if megabytes is not number or megabytes is boolean or megabytes < 0 -%}
        {{ lead_scoring.raw_setting_error('raw_csv_check_mb', "must be a number of megabytes (0 = no check), got '"
            ~ megabytes ~ "'") }}
    {%- endif -%}
    {{ return(megabytes * 1024 * 1024) }}
{%- endmacro %}

{#- Encodings DuckDB reads without extensions, under the spellings people write them. -#}
{% macro raw_encoding_spellings() -%}
    {{ return({
        'utf-8': 'utf-8', 'utf8': 'utf-8',
        'utf-16': 'utf-16', 'utf16': 'utf-16',
        'latin-1': 'latin-1', 'latin1': 'latin-1', 'iso-8859-1': 'latin-1',
    }) }}
{%- endmacro %}

{#- Encoding of one input's CSV files: var raw_encoding, a string or {<input>: encoding}. -#}
{% macro raw_encoding(input_name) -%}
    {%- set value = lead_scoring.raw_input_setting('raw_encoding', input_name, 'utf-8') -%}
    {%- set spellings = lead_scoring.raw_encoding_spellings() -%}
    {%- set key = value | trim | lower if value is string else none -%}
    {%- if key not in spellings -%}
        {{ lead_scoring.raw_setting_error('raw_encoding', "must be utf-8, utf-16 or latin-1 (one for every input, "
            ~ "or per input, e.g. {leads: latin-1}), got '" ~ value ~ "' for input '" ~ input_name ~ "'") }}
    {%- endif -%}
    {{ return(spellings[key]) }}
{%- endmacro %}

{#- Field separator of one input's CSV files: var raw_delimiter, a string or {<input>: delimiter}.
    Up to 4 characters (DuckDB's limit); `\t` (backslash, t) is a tab, as is a real tab. -#}
{% macro raw_delimiter(input_name) -%}
    {%- set value = lead_scoring.raw_input_setting('raw_delimiter', input_name, ',') -%}
    {%- set bad = value is not string or value == '' or value | length > 4
        or modules.re.search('["\'\\r\\n]', value) is not none -%}
    {%- if bad -%}
        {{ lead_scoring.raw_setting_error('raw_delimiter', "must be 1 to 4 characters without quotes or line breaks "
            ~ "(one for every input, or per input, e.g. {leads: ';'}), got '" ~ value ~ "' for input '"
            ~ input_name ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- Where each contract column of one input is read from: {<contract column>: <export header>},
    from var raw_columns ({<input>: {<contract column>: <header>}}). A column the var does not name
    is read from the header of its own name; a column mapped to null is absent from the export and
    read as blank (only columns outside raw_input_required_columns may be absent). -#}
{% macro raw_column_mapping(input_name) -%}
    {%- set contract = lead_scoring.raw_input_columns() -%}
    {%- set setting = var('raw_columns', {}) or {} -%}
    {%- if setting is not mapping -%}
        {{ lead_scoring.raw_setting_error('raw_columns', "must be a mapping {<input>: {<contract column>: <header>}}, got '"
            ~ setting ~ "'") }}
    {%- endif -%}
    {%- set unknown = setting.keys() | reject('in', contract) | list -%}
    {%- if unknown -%}
        {{ lead_scoring.raw_setting_error('raw_columns', "names no raw input '" ~ unknown | join("', '")
            ~ "'; inputs are " ~ contract.keys() | join(', ')) }}
    {%- endif -%}
    {%- set mapped = setting.get(input_name) or {} -%}
    {%- if mapped is not mapping -%}
        {{ lead_scoring.raw_setting_error('raw_columns.' ~ input_name, "must be a mapping {<contract column>: <header>}, got '"
            ~ mapped ~ "'") }}
    {%- endif -%}
    {%- set required = lead_scoring.raw_input_required_columns()[input_name] -%}
    {%- set mapping = {} -%}
    {%- for column in mapped -%}
        {%- set header = mapped[column] -%}
        {%- if column not in contract[input_name] -%}
            {{ lead_scoring.raw_setting_error('raw_columns.' ~ input_name, "maps '" ~ column
                ~ "', which is not a column of the contract; columns are " ~ contract[input_name] | join(', ')) }}
        {%- elif header is none and column in required -%}
            {{ lead_scoring.raw_setting_error('raw_columns.' ~ input_name ~ '.' ~ column, "is null, but '"
                ~ column ~ "' is required (required columns of " ~ input_name ~ ": " ~ required | join(', ') ~ ")") }}
        {%- elif header is not none and (header is not string or header | trim == '') -%}
            {{ lead_scoring.raw_setting_error('raw_columns.' ~ input_name ~ '.' ~ column,
                "must be a header name (text) or null, got '" ~ header ~ "'") }}
        {%- endif -%}
        {%- do mapping.update({column: header}) -%}
    {%- endfor -%}
    {{ return(mapping) }}
{%- endmacro %}

{#- strptime directives DuckDB knows (https://duckdb.org/docs/sql/functions/dateformat). -#}
{% macro strptime_directives() -%}
    {{ return([
        '%a', '%A', '%b', '%B', '%c', '%d', '%-d', '%f', '%g', '%G', '%h', '%H', '%-H', '%I', '%-I',
        '%j', '%-j', '%m', '%-m', '%M', '%-M', '%n', '%p', '%S', '%-S', '%T', '%u', '%U', '%V', '%w',
        '%W', '%x', '%X', '%y', '%-y', '%Y', '%z', '%Z', '%%',
    ]) }}
{%- endmacro %}

{#- Var raw_timestamp_formats: strptime formats tried in order after ISO-8601 (default: none). -#}
{% macro raw_timestamp_formats() -%}
    {%- set formats = var('raw_timestamp_formats', []) -%}
    {%- if formats is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if formats is string or formats is mapping or formats is not iterable -%}
        {{ lead_scoring.raw_setting_error('raw_timestamp_formats', "must be a list of strptime formats, e.g. "
            ~ "['%m/%d/%Y %I:%M %p'], got '" ~ formats ~ "'") }}
    {%- endif -%}
    {%- for format in formats -%}
        {%- if format is not string or format | trim == '' -%}
            {{ lead_scoring.raw_setting_error('raw_timestamp_formats', "must be a list of strptime formats (text), got '"
                ~ format ~ "' at position " ~ loop.index) }}
        {%- endif -%}
        {%- set unknown = modules.re.findall('%-?.|%$', format) | reject('in', lead_scoring.strptime_directives()) | list -%}
        {%- if unknown -%}
            {{ lead_scoring.raw_setting_error('raw_timestamp_formats', "format '" ~ format ~ "' uses '"
                ~ unknown | join("', '") ~ "', which strptime does not know; directives are "
                ~ lead_scoring.strptime_directives() | join(' ')) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(formats | list) }}
{%- endmacro %}

{#- True when a strptime format reads an offset or zone name (%z, %Z): DuckDB's strptime then
    returns a timestamptz, which the parser converts to UTC. -#}
{% macro strptime_reads_offset(format) -%}
    {%- set directives = modules.re.findall('%-?.|%$', format) -%}
    {{ return('%z' in directives or '%Z' in directives) }}
{%- endmacro %}
