# Two commands on a fresh machine: `make site` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
lang   ?= en

.PHONY: site site-offline serve test test-fast lint check catalogs bench mutation lock build-deps browser-deps clean help
.DEFAULT_GOAL := help

help:
	@echo "make site          build every language into site/ (sets up .venv on first use)"
	@echo "make test          run every test (builds the site, installs Chromium if missing)"
	@echo "make test-fast     lint and the unit tests only: no build, no browser (under a minute)"
	@echo "make serve lang=fr live preview of one language at http://127.0.0.1:8000/ (rebuilds on save)"
	@echo "make lint          ruff (check, format) and mypy on the Python (make test runs it first)"
	@echo "make check         content checks: front matter, readability, wording, safety, spelling"
	@echo "make site-offline  build the offline copy into site-offline/ (works from file://)"
	@echo "make catalogs      extract interface strings and update translations/*.po"
	@echo "make bench         measure build speed and page weight (writes bench/results/)"
	@echo "make mutation      share of mutants of the rules and renderers the in-process tests kill (mutmut)"

# The pinned dependencies, each file checked against its hash in the lock, then the project itself in editable
# mode (the `scripts` package, no copy), built with the locked setuptools rather than one fetched unchecked.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed: install it, or run make PYTHON=python3.x")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# build-deps: the system libraries of the leaflets (WeasyPrint) and node_modules (PurgeCSS trims Material's
# stylesheet during the build, scripts/postprocess/purge-css.mjs), installed or named (scripts/ensure-tools.sh).
site: $(STAMP) build-deps
	$(PY) -m scripts.site build

site-offline: $(STAMP) build-deps
	$(PY) -m scripts.site build --offline

build-deps:
	@bash scripts/ensure-tools.sh build

serve: $(STAMP)
	$(PY) -m scripts.site serve $(lang)

check: $(STAMP)
	$(PY) -m scripts.site check

catalogs: $(STAMP)
	$(PY) -m scripts.site catalogs update

# Debian's Chromium (browser tests), a Java runtime (Nu HTML Checker) and axe-core.
browser-deps:
	@bash scripts/ensure-tools.sh test

# The test tools first: they include the system libraries the leaflets need (WeasyPrint).
# Both copies of the site are built before the tests, which then run on every core (pytest-xdist),
# one test file per process so that a file's shared fixtures are made once, in the order tests/conftest.py
# gives them (the longest first; xdist would otherwise start the files with the most tests first). The 15
# slowest tests are listed at the end, to see where the time goes.
test: lint browser-deps site site-offline
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

# The quick loop while writing code: lint, then every test of the engine that neither builds nor drives a
# browser, on every core (the tests about the shipped content itself, marked `content`, run in make test). conftest.py marks a test that reads a built site `build`; with FAST_TESTS=1 a test that starts a build or
# copies the project fails, naming itself, so nothing slow hides here.
test-fast: lint
	FAST_TESTS=1 $(PY) -m pytest -n auto -q -m "not build and not browser and not slow and not content"

# The Python's lint gate (pyproject.toml [tool.ruff], [tool.mypy]): `$(VENV)/bin/ruff check --fix` and
# `$(VENV)/bin/ruff format` mend most of it.
lint: $(STAMP)
	$(VENV)/bin/ruff check scripts tests bench
	$(VENV)/bin/ruff format --check scripts tests bench
	$(VENV)/bin/mypy

bench: $(STAMP) browser-deps
	$(PY) -m bench.run

# mutmut afresh over the rules and renderers (pyproject.toml [tool.mutmut]), against the tests that stay in the test
# process (bench/mutation_tests.py), two mutants at a time; then the score per module (bench/mutation_score.py).
# only='*.typography.* *.page_roles.*' runs the mutants of those modules only (the others: not measured); a leading
# '*.' matches a module wherever it lives (scripts/rules/typography.py or scripts/rules/typography.py).
mutation: $(STAMP)
	$(PY) -m bench.mutation_score --run --max-children 2 $(if $(only),--only $(foreach glob,$(only),'$(glob)'))

# Re-pin requirements.lock from pyproject.toml, with the registry's sha256 of every file of each pinned version
# (needs the package registry): scripts/cli/lockfile.py.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet '.[test]' 'setuptools>=70.1'
	.venv-lock/bin/pip freeze --all --exclude pip | grep -v -e '^hand-mesotherapy' -e '^-e ' -e '^#' > .venv-lock/pins.txt
	.venv-lock/bin/python -m scripts.cli.lockfile .venv-lock/pins.txt > requirements.lock.new
	mv requirements.lock.new requirements.lock
	rm -rf .venv-lock build *.egg-info

clean:
	rm -rf site site-offline .venv node_modules .cache
