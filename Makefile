# Two commands matter: `make demo` and `make test` (see README). Both create ./.venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint unit reliability bench package package-check clean screenshots translations

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Canvass needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Translations (docs/DEVELOPING.md): the .ts files are the source; `make translations`
# refreshes them from the code (pyside6-lupdate over every module of canvass_app) and
# compiles the .qm the app loads (pyside6-lrelease; not committed, the wheel's build makes
# its own). `make lint` fails on a stale .ts or an unfinished string and says what to do.
TS_FILES := $(wildcard canvass_app/resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(STAMP)
	$(BIN)/python tools/translations.py update
	$(BIN)/python tools/translations.py release

$(QM_FILES): %.qm: %.ts $(STAMP)
	$(BIN)/python tools/translations.py release --ts $<

demo: $(STAMP) $(QM_FILES)
	$(BIN)/canvass-app --demo

lint: $(STAMP)
	$(BIN)/ruff check canvass_app tests benchmarks tools setup.py
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/translations.py check

# The headless layers are tested once with PySide6 blocked (ARCHITECTURE.md), then the
# Qt layers with the offscreen platform.
HEADLESS_TESTS := $(wildcard tests/core tests/server tests/api tests/storage tests/sync tests/services tests/cli tests/reliability)

unit: $(STAMP) $(QM_FILES)
	CANVASS_BLOCK_QT=1 $(BIN)/python -m pytest -q -p no:pytest-qt $(HEADLESS_TESTS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests $(addprefix --ignore=,$(HEADLESS_TESTS))

test: lint unit

reliability: $(STAMP) $(QM_FILES)
	CANVASS_RELIABILITY_SCALE=$${CANVASS_RELIABILITY_SCALE:-10} QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/reliability

bench: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py

# Regenerate docs/screenshots/ on purpose: the door screen's screenshot tests (which save
# to a temporary folder in a plain test run) and the supervisor views on a generated ledger.
SHOTS := $(CURDIR)/docs/screenshots
# The generated ledgers' database key lives in a keyring file under build/ (not the
# machine's keyring), shared by the generator and the renderer.
screenshots: export CANVASS_TEST_KEYRING := $(CURDIR)/build/screenshots-keyring.json
screenshots: export PYTHON_KEYRING_BACKEND := support.file_keyring.FileKeyring
screenshots: export PYTHONPATH := $(CURDIR)/tests
screenshots: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM=offscreen CANVASS_SCREENSHOTS_DIR=$(SHOTS) $(BIN)/python -m pytest -q tests/ui/test_screenshots.py
	rm -rf build/screenshots-ledger && mkdir -p build/screenshots-ledger
	$(BIN)/python benchmarks/generate_ledger.py build/screenshots-ledger --visits 100000 --seed 7
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/supervisor/make_screenshots.py build/screenshots-ledger $(SHOTS)
	rm -rf build/screenshots-ledger-es && mkdir -p build/screenshots-ledger-es
	$(BIN)/python benchmarks/generate_ledger.py build/screenshots-ledger-es --visits 100000 --seed 7 --language es
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/supervisor/make_screenshots.py --language es build/screenshots-ledger-es $(SHOTS)

package: $(STAMP) $(QM_FILES)
	bash packaging/build.sh

package-check: $(STAMP)
	bash packaging/check.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
