# The site's commands. `make help` lists them. Every target creates the virtual
# environment from the exact pins in requirements.txt the first time it is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONPATH := hooks

.PHONY: help serve build check test offline report check-online new-page bench bench-tests clean
.DEFAULT_GOAL := help

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

serve: $(STAMP) ## serve the site at http://127.0.0.1:8000, rebuilding on change
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## strict build into site/ (fails on any problem; never -q)
	$(BIN)/mkdocs build --strict

check: $(STAMP) ## content checks only (pages, bibliography, nav, links), no build
	$(BIN)/python -m guide lint

test: $(STAMP) ## every check and test, browser included (several minutes; see README, Tests)
	$(BIN)/python -m guide lint
	$(BIN)/python -m pytest

offline: $(STAMP) ## a zip of the site that works from file://, search included, for classrooms without internet
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir build/offline
	$(BIN)/python -c "import shutil; print(shutil.make_archive('build/music-therapy-guide-offline', 'zip', 'build/offline'))"

report: $(STAMP) ## references by evidence level, year, access; pages due for review
	$(BIN)/python -m guide report

# GNU make exits 2 whenever a recipe fails, whatever its status; make's own last line names the
# status ("Error 1": problems found, "Error 3": offline). Scripts that branch on it run
# `.venv/bin/python -m guide check-online` directly: 0 clean, 1 problems, 3 offline.
check-online: $(STAMP) ## compare DOIs with Crossref, find superseded Cochrane reviews (Error 1 problems, Error 3 offline)
	$(BIN)/python -m guide check-online

new-page: $(STAMP) ## start a page: make new-page TYPE=population PAGE=populations/x.md TITLE="X"
	$(BIN)/python -m guide new-page "$(TYPE)" "$(PAGE)" --title "$(TITLE)"

bench: $(STAMP) ## build and edit-loop speed against a plain site, about ten minutes; writes BENCHMARKS.md (see bench/)
	$(BIN)/python bench/run.py

bench-tests: $(STAMP) ## how long make test takes, per phase: afresh (as CI), again unchanged, after a one-word edit (about 8 minutes)
	$(BIN)/python bench/test_speed.py --loop

clean: ## remove the built site and caches (keeps the virtual environment)
	rm -rf site build .pytest_cache test-artifacts .cache
