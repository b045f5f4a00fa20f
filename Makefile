# Each target creates .venv and installs what it needs by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-full screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/readinglist gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Benchmarks (bench/): 10k papers in a few minutes; 100k for the budgets.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run --size 10k

bench-full: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run --size 100k

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py
