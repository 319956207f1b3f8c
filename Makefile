# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv and install everything on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast bench clean install services web

# What the tests meet as users do: a real PostgreSQL server (installed from Debian if
# missing, started in a private folder), Debian's chromium, the dashboard's npm packages.
services: $(STAMP) web
	@scripts/ensure-chromium >/dev/null
	@echo "PostgreSQL test server: $$(scripts/pg-test-server)"

web:
	@scripts/web-assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	$(BIN)/observatory gazetteer build
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP) web
	@echo "== observatory extract examples/syria_aleppo_hts_offensive.txt --published 2024-11-28"
	@$(BIN)/observatory extract examples/syria_aleppo_hts_offensive.txt --published 2024-11-28 --outlet "Wire report" --format table
	@echo
	@echo "== observatory ingest examples/   (into the default SQLite store; a second run finds them all known)"
	@$(BIN)/observatory ingest examples/
	@echo
	@echo "== observatory events"
	@$(BIN)/observatory events
	@mkdir -p out
	@$(BIN)/observatory events --format acled-csv --output out/events.csv
	@$(BIN)/observatory events --format geojson --output out/events.geojson
	@echo "ACLED-style CSV: out/events.csv   GeoJSON: out/events.geojson   dashboard: $(BIN)/observatory serve"

test: services
	OBSERVATORY_TEST_PG_URL=$$(scripts/pg-test-server) $(BIN)/python -m pytest -q

test-fast: services
	OBSERVATORY_TEST_PG_URL=$$(scripts/pg-test-server) $(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/extract.py ../shared/data/india_police_events/docs.jsonl --limit 200
	$(BIN)/python bench/throughput.py ../shared/data/india_police_events/docs.jsonl --limit 300
	$(BIN)/python bench/ingest.py ../shared/data/india_police_events/docs.jsonl --limit 100
	$(BIN)/python bench/api.py

clean:
	-scripts/pg-test-server stop
	rm -rf $(VENV) out .pytest_cache .hypothesis src/observatory/web/node_modules
