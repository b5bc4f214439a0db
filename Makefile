# Everything bootstraps its own virtual environment, so a fresh machine needs only python3.
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format bench bench-100k bench-profile soak index clean

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

## test-fast: every test but the browser ones, for the edit loop (about 10 s)
test-fast: $(STAMP)
	$(BIN)/pytest -q --ignore=tests/e2e

## lint: ruff lint and format checks, the layer contracts (import-linter) and the types (mypy)
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

# The benchmark's own tools (Datasette, sqlite-utils, psutil): not needed by `make test`.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## bench: mediasearch beside Datasette at 1,000 and 10,000 synthetic entries (under 10 minutes)
bench: $(BENCH_STAMP)
	$(PY) -m benchmarks.bench --sizes 1000 10000 --output benchmarks/results/latest.json

## bench-100k: the same at 100,000 entries (about 4 minutes)
bench-100k: $(BENCH_STAMP)
	$(PY) -m benchmarks.bench --sizes 100000 --rounds 2 --output benchmarks/results/100k.json

## bench-profile: cProfile of a full build and of the slowest query at 10,000 entries
bench-profile: $(BENCH_STAMP)
	$(PY) -m benchmarks.profile --size 10000

## soak: a bounded load test of the production server on a copy of the catalogue (SOAK_SECONDS=60)
SOAK_SECONDS ?= 60
soak: $(STAMP)
	$(PY) benchmarks/soak.py --duration $(SOAK_SECONDS)

index: $(STAMP)
	$(BIN)/mediasearch index

clean:
	rm -rf $(VENV) index build src/*.egg-info
