# The Erasmus+ knowledge base. Every target creates .venv from the pinned
# requirements when it is missing or older than them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1

.PHONY: help venv check build serve webserver test quiz offline bench translations new schema clean

help:
	@echo "make serve   - build and preview the site at http://127.0.0.1:8000 (live reload)"
	@echo "make webserver - build, then serve site/ with nginx as deployed at http://127.0.0.1:8080"
	@echo "make test    - run every test (installs Chromium when it can)"
	@echo "make check   - validate data and pages, list every problem"
	@echo "make build   - validate, then build site/ (the old site/ stays if anything fails)"
	@echo "make bench   - build a 2,000-project synthetic site, print build cost and page sizes"
	@echo "make translations - list missing Finnish/Swedish texts and pages, and suspicious differences"
	@echo "make new KIND=project ID=some-id [FILE=data/...yaml] - append a bilingual skeleton record"
	@echo "make schema  - regenerate data/schema/*.json and the schema line of every data file"
	@echo "make offline - the offline bundle: dist/erasmus-kb-<version>-<YYYYMMDD>.zip"
	@echo "make quiz ANSWERS='{...}' - which current actions fit these answers (JSON; KB_LANG=sv)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

check: venv
	@$(PY) -m kb.cli check

build: venv
	$(PY) -m kb.cli build

# make serve ADDR=127.0.0.1:8001 when port 8000 is taken
serve: venv
	@$(PY) -m kb.cli serve $(if $(ADDR),--addr $(ADDR))

# The site as deployed: nginx with scripts/server/nginx.conf (compression, caching, security
# headers, a 404 page per language), in the foreground; Ctrl-C stops it. Needs Debian's nginx.
webserver: build
	@$(PY) -m kb.webserver --listen $(or $(ADDR),127.0.0.1:8080)

# Editing tools (scripts/kb/translations.py, scaffold.py, schema.py); see data/README.md.
translations: venv
	@$(PY) -m kb.cli translations

# make new KIND=project ID=green-skills-vet [FILE=data/projects/2021-2027.yaml]
new: venv
	@test -n "$(KIND)" -a -n "$(ID)" || { echo "usage: make new KIND=project ID=some-id [FILE=data/...yaml]" >&2; exit 2; }
	@$(PY) -m kb.cli new "$(KIND)" "$(ID)" $(if $(FILE),--file "$(FILE)")

schema: venv
	@$(PY) -m kb.cli schema

# make quiz ANSWERS='{"sector": "vet", ...}' prints the reference evaluator's result as
# JSON (KB_LANG=sv: reasons in Swedish; invalid answers: exit code 2). ANSWERS reaches
# the program through the environment, so its quotes need no second escaping.
quiz: venv
	@$(PY) -m kb.quiz

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

test: venv
	$(PY) -m kb.testenv
	$(PY) -m pytest -q tests

clean:
	rm -rf site site.* dist .pytest_cache
