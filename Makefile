# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv and install everything on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-fast bench clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	$(BIN)/observatory gazetteer build
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@echo "== observatory extract examples/syria_aleppo_hts_offensive.txt --published 2024-11-28"
	@$(BIN)/observatory extract examples/syria_aleppo_hts_offensive.txt --published 2024-11-28 --outlet "Wire report" --format table
	@echo
	@echo "== every bundled example as ACLED-style CSV: out/examples.csv"
	@mkdir -p out
	@$(BIN)/python -m observatory.demo examples out/examples.csv

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/extract.py ../shared/data/india_police_events/docs.jsonl --limit 200

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
