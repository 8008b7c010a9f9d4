# The hub's tasks. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.DEFAULT_GOAL := help
.PHONY: help site test serve validate annotate generate bench dist clean chromium

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

site: $(RUNTIME) ## check the data and build the site into site/ (replaced only when the whole build succeeds)
	$(BIN)/hub build

test: $(DEV) chromium ## run every test, browser tests included
	$(BIN)/python -m pytest

serve: $(RUNTIME) ## preview the site with search at http://127.0.0.1:8000/hub/ (the path of site_url), rebuilding when data changes
	$(BIN)/hub serve

validate: $(RUNTIME) ## check every data file and list every problem
	$(BIN)/hub validate

annotate: $(RUNTIME) ## check every data file, printing problems as GitHub annotations on the changed lines (CI)
	$(BIN)/hub validate --format github

generate: $(RUNTIME) ## write the generated Markdown tree into build/docs (for any site engine)
	$(BIN)/hub generate

bench: $(DEV) ## measure build time, size and search bytes at 100, 1,000 and 10,000 records
	$(BIN)/python bench/run.py

dist: $(RUNTIME) ## zip the built site with a manifest into dist/ (builds it first if out of date; refuses placeholder settings)
	$(BIN)/hub dist

clean: ## remove built and installed files
	rm -rf $(VENV) site site.* build dist test-artifacts

# The virtual environment, from pinned requirements; redone when they change.
$(RUNTIME): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests use Debian's Chromium; never a browser downloaded by a test tool.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }
