"""Every committed notebook is clean: what git commits through nbstripout, in the current nbformat with the
project's kernel, no outputs, no execution counts, and exactly one cell tagged
``parameters``, which is its first code cell (papermill injects parameters after it). No code cell prints: a
report shows printed text as raw code-font output (a Python list, ``None``), so notebooks display Markdown
sentences built by the analyses instead."""

from __future__ import annotations

import ast

import nbformat
import pytest

from analysis import paths

NOTEBOOKS = sorted(paths.notebooks_dir().glob("*.ipynb"))


def test_the_project_has_its_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_national.ipynb", "03_industry.ipynb", "04_trends.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs_or_execution_counts(path):
    notebook = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts (clear them before committing)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell_first(path):
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    tagged = [cell for cell in notebook.cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged 'parameters'; expected exactly one"
    assert code_cells and code_cells[0] is tagged[0], f"{path.name}: the 'parameters' cell is not the first code cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_nbformat(path):
    nbformat.validate(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_code_cell_prints(path):
    notebook = nbformat.read(path, as_version=4)
    printing = []
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                printing.append(i)
    assert not printing, (
        f"{path.name}: cells {printing} call print(), which a report shows as raw code-font text; "
        "display a Markdown sentence (notebook.show_markdown) instead"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_what_git_commits_through_nbstripout(path):
    """The committed file is byte for byte what the git filter (.gitattributes, `make git-filter`) makes of it, so a
    notebook run and saved in JupyterLab leaves `git status` clean once the filter has stripped it."""
    import subprocess
    import sys

    stripped = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id"],
        input=path.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert stripped == path.read_text(encoding="utf-8"), f"{path.name}: not as git commits it (run `make strip`)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_names_the_projects_kernel_and_the_current_format(path):
    """Opening a notebook does not mark it modified: JupyterLab finds the format, the kernel (the one `make setup`
    registers and papermill runs) and the language_info it would otherwise fill in (scripts/normalise_notebooks.py)."""
    from analysis.reports.build import KERNEL_NAME

    raw = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert (raw.nbformat, raw.nbformat_minor) == (nbformat.current_nbformat, nbformat.current_nbformat_minor)
    assert raw.metadata["kernelspec"] == {
        "display_name": "HIM wages (.venv)",
        "language": "python",
        "name": KERNEL_NAME,
    }
    info = raw.metadata["language_info"]
    assert {"name", "version", "mimetype", "codemirror_mode", "pygments_lexer", "file_extension"} <= set(info)
