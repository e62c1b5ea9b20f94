# Two commands: `make demo` runs the main job, `make test` runs the checks a change needs.
# Both create .venv themselves; nothing needs to be installed first but Python >= 3.11.
# The demo installs the library alone (what `medclusters validate` and `info` run); the
# checks install the dev extra on top. Each has its own stamp, so either may come first.
# Packages are installed by uv (from PyPI, into .venv): the dev extra takes about 10 s with
# it against about 70 s with pip.
# `make check` (what CI runs) adds the tests marked slow (browsers, servers, builds,
# frictionless row by row, long property runs), Chromium, and branch coverage with its floor.

PYTHON ?= python3
comma := ,
VENV := .venv
BIN := $(VENV)/bin
DEMO_STAMP := $(VENV)/.installed-demo
STAMP := $(VENV)/.installed-dev
UV := $(BIN)/uv
# uv with the system's certificates, as pip uses them, and compiling the packages' bytecode
# as pip does (without it, where PYTHONDONTWRITEBYTECODE is set, every process compiles pandas,
# frictionless... from source: the quick tests took 76 s against 60 s); should uv fail, pip
# does the same job.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
INSTALL = UV_NATIVE_TLS=1 UV_COMPILE_BYTECODE=1 $(UV) pip install --quiet --python $(BIN)/python $(1) || $(PIP) $(1)

.PHONY: demo test check lint typecheck pytest pytest-all docs validate release publish bench clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(PIP) 'uv>=0.5'

$(DEMO_STAMP): pyproject.toml | $(UV)
	$(call INSTALL,-e .)
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml | $(UV)
	$(call INSTALL,-e '.[dev]')
	touch $(STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/medclusters validate
	$(BIN)/medclusters info

test: lint typecheck pytest docs

check: lint typecheck pytest-all docs

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks scripts
	$(BIN)/ruff format --check src tests examples benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests

pytest: $(STAMP)
	$(BIN)/pytest -n auto -m 'not slow'

pytest-all: $(STAMP) system-deps
	$(BIN)/pytest -n auto --cov --cov-report=term

# The browser tests (make check) drive Debian's Chromium: installed here when missing, as root
# (as in CI). Elsewhere they are skipped with a reason, unless CI is set, when they fail.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (apt-get) for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: the browser tests need it (apt-get install chromium)"; \
	  fi; }

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(call INSTALL,-e '.[dev$(comma)bench]')
	touch $(BENCH_STAMP)

# Benchmarks print medians and ratios; they are not tests and assert nothing.
bench: $(BENCH_STAMP)
	cd benchmarks && for script in startup.py countries.py lookups.py load.py cluster_page.py diff.py; do ../$(BIN)/python $$script || exit 1; echo; done

# The documentation site, warnings as errors (part of make test).
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir build/site

# dist/medclusters-data-<version>.zip and its .public.zip edition.
release: $(STAMP)
	$(BIN)/medclusters release --out dist --force

# releases/<version>/: the zips, the full edition unpacked and SHA256SUMS; releases/index.json.
publish: $(STAMP)
	$(BIN)/medclusters release --publish releases --force

validate: $(DEMO_STAMP)
	$(BIN)/frictionless validate datapackage/datapackage.json

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
