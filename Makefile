# Everything bootstraps its own virtual environment, so a fresh machine needs only python3.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench index clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: validate the catalogue, build the index if missing or stale, serve on http://127.0.0.1:5000
run: $(STAMP)
	$(BIN)/mediasearch run

## test: the whole test suite, browser tests included
test: $(STAMP)
	$(BIN)/pytest

## lint: ruff lint and format checks
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

## bench: timings of indexing and searching the real catalogue
bench: $(STAMP)
	$(PY) benchmarks/bench.py

index: $(STAMP)
	$(BIN)/mediasearch index

clean:
	rm -rf $(VENV) index build src/*.egg-info
