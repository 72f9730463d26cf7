# Two commands set everything up on a fresh machine:
#   make run    virtualenv, install, build the knowledge base, print its summary and check
#   make test   virtualenv, install with test extras, run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test build check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/kb build

check: build
	$(BIN)/kb check

run: check
	$(BIN)/kb stats
	$(BIN)/kb search "blockchain 工程师" --limit 5

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/search.py --json bench/search-results.json

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache
