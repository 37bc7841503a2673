# The two commands a new user needs: `make run` and `make test`.
# Both create .venv (pip install -e '.[test]') when it is missing or when
# pyproject.toml changed, so a fresh clone needs only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck bench package clean screenshot

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "IX Coach Desktop needs Python 3.11 or newer; set PYTHON=python3.11" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@sh packaging/qt-system-deps.sh xcb
	$(BIN)/ixcoach-desktop

test: $(STAMP)
	@sh packaging/qt-system-deps.sh offscreen
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks

# Wheel, frozen one-folder app and release tarball, each proven to start
# (see packaging/build.sh and docs/packaging.md).
package: $(STAMP)
	PYTHON=$(PYTHON) bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
