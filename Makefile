# The hub's tasks. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
# The Nu HTML Checker (vnu-jar, run on the system Java) and Lighthouse (run on Debian's Chromium), pinned in package-lock.json.
NODE_TOOLS := node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help install site test serve validate annotate generate bench dist lock clean chromium java workflow-tools

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

install: $(RUNTIME) ## set up .venv with the hub and its hash-pinned packages, nothing else (the intake workflow runs `hub intake` from it)

site: $(RUNTIME) ## check the data and build the site into site/ (replaced only when the whole build succeeds); ENGINE=zensical builds with Zensical instead of mkdocs.yml's engine
	$(BIN)/hub build $(if $(ENGINE),--engine $(ENGINE))

test: $(DEV) chromium java workflow-tools $(NODE_TOOLS) ## check the package's layers (import-linter), then run every test, browser tests, the HTML checker and the workflow checks (zizmor, actionlint) included
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python -m pytest

serve: $(RUNTIME) ## preview the site with search at http://127.0.0.1:8000/hub/ (the path of site_url), rebuilding when data changes
	$(BIN)/hub serve

validate: $(RUNTIME) ## check every data file and list every problem
	$(BIN)/hub validate

annotate: $(RUNTIME) ## check every data file, printing problems as GitHub annotations on the changed lines and, in GitHub Actions, all of them on the run's summary page (CI)
	$(BIN)/hub validate --format github $(if $(GITHUB_STEP_SUMMARY),--summary "$(GITHUB_STEP_SUMMARY)")

generate: $(RUNTIME) ## write the page tree the site engine renders into build/tree (what `hub build` hands the engine)
	$(BIN)/hub generate

bench: $(DEV) chromium ## measure build time, memory, validation and search bytes at 100, 1,000 and 10,000 records (each way twice), and hub serve at 1,000
	$(BIN)/python bench/run.py --repeat 2

dist: $(RUNTIME) ## zip the built site with a manifest into dist/ (builds it first if out of date; refuses placeholder settings)
	$(BIN)/hub dist

lock: ## after changing requirements*.txt: pin the SHA-256 of every package file into requirements*.lock
	$(PYTHON) tools/lock.py

clean: ## remove built and installed files
	rm -rf $(VENV) node_modules site site.* build dist test-artifacts

# The virtual environment, from the hash-pinned lock files (made from
# requirements*.txt by `make lock`); redone when they change. pip refuses any
# file whose SHA-256 is not in the lock, and the project itself is installed
# with the locked build backend (no build isolation, so nothing unpinned).
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
$(RUNTIME): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(DEV): $(RUNTIME) requirements-dev.lock
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@

# From the npm registry, exactly as locked. --ignore-scripts: vnu-jar's
# install script would download a Java runtime; the system's Java runs it.
$(NODE_TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Debian packages the tests need, installed with apt when missing (as root, or with sudo).
apt_install = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(1); \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(1); fi

# The HTML checker runs on Debian's Java runtime.
java:
	@command -v java >/dev/null || { echo "Installing Debian's Java runtime for the HTML checker"; \
	  $(call apt_install,default-jre-headless); }

# The workflow tests: actionlint runs Debian's shellcheck over each `run:` step,
# and the intake workflow's jq filter is run as GitHub's runners run it.
workflow-tools:
	@command -v shellcheck >/dev/null && command -v jq >/dev/null || { echo "Installing Debian's shellcheck and jq for the workflow checks"; \
	  $(call apt_install,shellcheck jq); }

# Browser tests use Debian's Chromium; never a browser downloaded by a test tool.
chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
	  $(call apt_install,chromium); }
