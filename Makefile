# Each target creates .venv and installs what it needs by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-full bench-rank screenshots clean install-desktop uninstall-desktop dist dist-smoke

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/readinglist gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --durations=15

# Benchmarks (bench/): 10k papers in a few minutes; 100k for the budgets
# (both corpora, and `readinglist import` of a 100k export with 1 and 2
# indexing processes and the memory of the whole process tree).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run --size 10k

bench-full: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run --size 100k --import-probe

# "For you" against upvotes, list order and arxiv-sanity-lite (bench/RESULTS.md); timing too.
bench-rank: $(STAMP)
	$(BIN)/python -m bench.recommend_eval

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

# The menu entry, icons and AppStream file for the current user ($XDG_DATA_HOME).
install-desktop: $(STAMP)
	$(BIN)/python packaging/install_desktop.py $(if $(EXEC),--exec "$(EXEC)")

uninstall-desktop:
	$(PYTHON) packaging/install_desktop.py --uninstall

# A folder that runs without Python: dist/readinglist/readinglist.
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build/pyinstaller packaging/readinglist.spec
	@du -sh dist/readinglist

# Start the frozen build offscreen on the demo library, as CI does.
dist-smoke:
	packaging/dist_smoke.sh dist/readinglist/readinglist

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py
