# The Erasmus+ knowledge base. Every target creates .venv from the pinned
# requirements when it is missing or older than them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1
ENGINE ?= mkdocs

.PHONY: help venv check build serve edit webserver export test test-fast quiz offline bench translations new schema format migrate-layout review clean

help:
	@echo "make serve   - build and preview the site at http://127.0.0.1:8000 (live reload)"
	@echo "make edit    - the browser editor at http://127.0.0.1:8000/admin/ beside the live preview"
	@echo "make webserver - build, then serve site/ with nginx as deployed at http://127.0.0.1:8080"
	@echo "make test    - run every test (installs Chromium when it can), on every core"
	@echo "make test-fast - the unit tier only (no site build, no browser): under a minute"
	@echo "make check   - validate data and pages, list every problem"
	@echo "make build   - validate, then build site/ (the old site/ stays if anything fails)"
	@echo "make export  - every page as Markdown + front matter, the navigation and the records as JSON, in export/"
	@echo "make bench   - build a 2,000-project synthetic site, print build cost and page sizes"
	@echo "make translations - list missing Finnish/Swedish texts and pages, and suspicious differences"
	@echo "make new KIND=project ID=some-id - a bilingual skeleton record in data/<kind>/<id>.yaml"
	@echo "make schema  - regenerate data/schema/*.json, .vscode/settings.json and the editor's config"
	@echo "make format  - write data/<kind>/<id>.yaml in the browser editor's YAML form (CHECK=1: only list)"
	@echo "make migrate-layout - move list files of editable kinds to one record per file"
	@echo "make offline - the offline bundle: dist/erasmus-kb-<version>-<YYYYMMDD>.zip"
	@echo "make quiz ANSWERS='{...}' - which current actions fit these answers (JSON; KB_LANG=sv)"
	@echo "make review  - list past deadlines, records not checked for 12 months, old sources (a report)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

# PUBLISH=1: a check for publication, which also refuses placeholders (kb.truth).
check: venv
	@$(if $(PUBLISH),KB_PUBLISH=1 )$(PY) -m kb.cli check

# make build ENGINE=properdocs: the same site built by ProperDocs 1.6.7 instead of MkDocs.
build: venv
	KB_ENGINE=$(ENGINE) $(if $(PUBLISH),KB_PUBLISH=1 )$(PY) -m kb.cli build

# make serve ADDR=127.0.0.1:8001 when port 8000 is taken
serve: venv
	@KB_ENGINE=$(ENGINE) $(PY) -m kb.cli serve $(if $(ADDR),--addr $(ADDR))

# The rendered site as a contract (kb.export): export/<lang>/<page>.md with YAML front
# matter, export/nav.json, export/records.<lang>.json. Replaces the previous export/.
export: venv
	@$(PY) -m kb.export

# The browser editor beside the live preview: Decap CMS at http://127.0.0.1:8000/admin/,
# its local backend decap-server on 127.0.0.1:8081 writing into this working tree
# (no commits), every save rebuilt on the preview pages. Ctrl+C stops both.
edit: venv
	@$(PY) -m kb.cli edit

# The site as deployed: nginx with scripts/server/nginx.conf (compression, caching, security
# headers, a 404 page per language), in the foreground; Ctrl-C stops it. Needs Debian's nginx.
webserver: build
	@$(PY) -m kb.webserver --listen $(or $(ADDR),127.0.0.1:8080)

# Editing tools (scripts/kb/translations.py, scaffold.py, schema.py); see data/README.md.
translations: venv
	@$(PY) -m kb.cli translations

# make new KIND=project ID=green-skills-vet creates data/projects/green-skills-vet.yaml
# ([FILE=data/ui/quiz.yaml] for the list files of small fixed sets). KIND, ID and FILE
# reach the program through the environment only, never the shell or make's expansion:
# `$(value ...)` keeps `$(...)` in them as text, and the recipe never names them.
override KIND := $(value KIND)
override ID := $(value ID)
override FILE := $(value FILE)
export KIND ID FILE
new: venv
	@$(PY) -m kb.cli new

schema: venv
	@$(PY) -m kb.cli schema

# The YAML the browser editor writes (kb.canonical, with Decap's own library from
# scripts/editor/): block lists, plain scalars, the schema's key order. CHECK=1 only lists.
format: venv
	@$(PY) -m kb.cli format $(if $(CHECK),--check)

# One-off, re-runnable: list files of editable kinds -> data/<kind>/<id>.yaml (kb.migrate_layout).
migrate-layout: venv
	@$(PY) -m kb.migrate_layout

# make quiz ANSWERS='{"sector": "vet", ...}' prints the reference evaluator's result as
# JSON (KB_LANG=sv: reasons in Swedish; invalid answers: exit code 2). ANSWERS reaches
# the program through the environment, so its quotes need no second escaping.
quiz: venv
	@$(PY) -m kb.quiz

# A report for editors, not a gate (exit 0): actions whose known deadlines are all past,
# records not checked for over 12 months, sources older than the current period (kb.review).
review: venv
	@$(PY) -m kb.review

# The whole bilingual site as one zip that works from file:// with no network (kb.bundle).
# Version: KB_VERSION if set, else `git describe --tags --always --dirty`; date: today
# (or SOURCE_DATE_EPOCH). The zip appears only when the build and its checks succeed.
offline: venv
	$(PY) -m kb.bundle

# A measurement, not a test: a synthetic data set of 2,000 example projects and 200
# actions, built with and without the data layer; prints times, memory, page and index
# sizes and the budgets (several minutes). BENCH_ARGS="--projects 300 --no-profile".
bench: venv
	$(PY) scripts/bench.py $(BENCH_ARGS)
	@echo "== The site as served (nginx, scripts/server/nginx.conf): Lighthouse, mobile, one page of every kind"
	$(PY) -m kb.lighthouse

# Tiers are pytest markers (pyproject.toml; tests/conftest.py refuses a test without
# one). TEST_JOBS: pytest-xdist workers (auto = one per core); whole modules stay on one
# worker (--dist loadfile) so a module's fixtures are made once; the built site and the
# offline bundle are made once per run and shared by the workers (conftest.shared_once).
TEST_JOBS ?= auto
test: venv
	$(PY) -m kb.testenv
	$(PY) -m pytest -q -n $(TEST_JOBS) --dist loadfile tests

test-fast: venv
	$(PY) -m pytest -q -n $(TEST_JOBS) -m "not build and not browser" tests

clean:
	rm -rf site site.* dist export export.tmp .pytest_cache
