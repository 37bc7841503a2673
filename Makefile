# The two commands a new user needs: `make run` and `make test`.
# Both create .venv (pip install -e '.[test]') when it is missing or when
# pyproject.toml changed, so a fresh clone needs only Python 3.11+ and make.
# While working: `make test-fast` (tests not marked slow, no checks),
# `make lint` (every static check), `make fmt` (format and autofix).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-fast lint fmt bench package clean

# The layers whose line coverage make test holds at COVERAGE_FLOOR percent or
# more, each on its own: a well-tested layer must not hide a neglected one.
COVERED_LAYERS := domain services storage
COVERAGE_FLOOR := 90
COVERAGE_ARGS := $(foreach layer,$(COVERED_LAYERS),--cov=ixcoach_desktop/$(layer)) --cov-report=

# Every check runs even when an earlier one fails, so one run names every
# problem; the target fails at the end if any did.
CHECK := failed=""; check() { echo "+ $$*"; "$$@" || failed="$$failed $$(basename $$1)"; };
LINT := check $(BIN)/ruff check .; check $(BIN)/ruff format --check .; check $(BIN)/mypy; \
	check $(BIN)/lint-imports; check $(BIN)/vulture;
VERDICT := if [ -n "$$failed" ]; then echo "FAILED:$$failed" >&2; exit 1; fi

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
	@$(CHECK) $(LINT) \
	check $(BIN)/pytest $(COVERAGE_ARGS); \
	for layer in $(COVERED_LAYERS); do \
		check $(BIN)/coverage report --include="ixcoach_desktop/$$layer/*" \
			--fail-under=$(COVERAGE_FLOOR) --skip-covered --show-missing; \
	done; \
	$(VERDICT)

# The tests a change is most likely to break, in a fraction of the time:
# everything not marked slow, without the static checks or coverage.
test-fast: $(STAMP)
	@sh packaging/qt-system-deps.sh offscreen
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	@$(CHECK) $(LINT) $(VERDICT)

# Formats, then applies ruff's safe fixes; review the diff before committing.
fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks

# Wheel, frozen one-folder app and release tarball, each proven to start
# (see packaging/build.sh and docs/packaging.md).
package: $(STAMP)
	PYTHON=$(PYTHON) bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .coverage
