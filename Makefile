# Every target sets itself up: on a fresh machine with Python >= 3.10 and make,
# `make lab` and `make test` create .venv, install the project and go.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install only when the dependency list changes.
STAMP  := $(VENV)/.installed-stamp
EXTRAS := servers,lab,instructor,docs,dev
# The real httpbin, served on loopback by tests/httpbin_parity/ to prove the stand-in
# answers like it. Installed without its declared dependencies: on Python < 3.12 it
# pins greenlet < 3 (for gevent, which it never imports here), and playwright needs
# greenlet >= 3.1. What it does import is in the dev extra of pyproject.toml.
REFERENCE_HTTPBIN := httpbin==0.10.4

.PHONY: setup lab answers reset test lint servers student course tally docs docs-learner serve-docs clean bench

# Your own copies of the lessons: made on the first `make lab`, never overwritten.
WORKSPACE ?= my-lessons

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python >= 3.10 is needed; try: make PYTHON=python3.12 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[$(EXTRAS)]'
	$(BIN)/python -m pip install --quiet --no-deps '$(REFERENCE_HTTPBIN)'
	$(BIN)/python -m workbook jupyter-config
	touch $(STAMP)

# Jupyter refuses to run as root (containers, some classroom hosts) unless told it may.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup  ## open JupyterLab on your own copies of the lessons (made on the first run)
	$(BIN)/python -m workbook workspace --dir $(WORKSPACE)
	$(BIN)/jupyter lab $(LAB_FLAGS) $(WORKSPACE)/

answers: setup  ## open JupyterLab on the answer key in notebooks/ (for instructors)
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/

reset: setup  ## a fresh copy of one lesson, yours kept in backups/: make reset LESSON=05
	@test -n "$(LESSON)" || (echo "which lesson? make reset LESSON=05"; exit 2)
	$(BIN)/python -m workbook reset $(LESSON) --dir $(WORKSPACE)

test: lint  ## every test: servers, client, lessons
	$(BIN)/python -m pytest

lint: setup  ## ruff over the whole repo
	$(BIN)/ruff check .

servers: setup  ## run the demo servers in the foreground (Ctrl-C stops)
	$(BIN)/python -m servers $(ARGS)

student: setup  ## learner copies of the lessons, solutions removed, in build/student
	$(BIN)/python -m workbook.student notebooks build/student

course: setup  ## an nbgrader course folder of the lessons, in course/ (for instructors)
	$(BIN)/python -m workbook course --dir course

tally: setup  ## grade without nbgrader, on the real checks: make tally DIR=submissions
	@test -n "$(DIR)" || (echo "which folder? make tally DIR=submissions"; exit 2)
	$(BIN)/python -m workbook tally $(DIR)

docs: setup  ## build the website into build/site; any warning fails
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-learner: setup  ## the website without the solutions, into build/site-learner
	WORKBOOK_SITE=learner NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir build/site-learner

serve-docs: setup  ## serve the website on http://127.0.0.1:8000 with live reload
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

bench: setup  ## speed of httplib against requests and urllib3; ARGS="--quick" etc.
	$(BIN)/python -m benchmarks $(ARGS)

clean:  ## remove the virtual environment and build output
	rm -rf $(VENV) build .pytest_cache .ruff_cache
