"""Normalise notebooks to what git commits and what JupyterLab writes, so that opening one does not mark it modified
and saving it leaves ``git status`` clean (``make strip``; re-runnable: a notebook already normal is left untouched).

Each notebook is read and written with nbformat (current format, 4.5, with cell ids), names the project's kernel
(``him-wages``, the one ``make setup`` registers and papermill runs), carries the ``language_info`` the kernel reports
to JupyterLab (JupyterLab fills in a missing or different one when the kernel starts, which marks the notebook
modified), and is passed through nbstripout with the options of the git filter (``make git-filter``): no outputs,
no execution counts, cell ids kept.

    .venv/bin/python scripts/normalise_notebooks.py notebooks/*.ipynb
    .venv/bin/python scripts/normalise_notebooks.py --check notebooks/*.ipynb   # exit 1 naming each one not normal
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

import nbformat

#: The kernel every notebook names (``make kernel`` registers it; ``analysis.reports.build.KERNEL_NAME``).
KERNELSPEC = {"display_name": "HIM wages (.venv)", "language": "python", "name": "him-wages"}

#: nbstripout as the git filter runs it (Makefile, ``git-filter``).
NBSTRIPOUT = [sys.executable, "-m", "nbstripout", "--keep-id"]


def language_info() -> dict:
    """What ipykernel reports to JupyterLab for this Python (JupyterLab stores it in the notebook's metadata)."""
    from ipykernel.ipkernel import IPythonKernel

    return {**IPythonKernel.language_info, "version": platform.python_version()}


def normal_text(path: Path) -> str:
    """The notebook at ``path`` as it should be committed."""
    notebook = nbformat.read(path, as_version=nbformat.v4.nbformat)
    if notebook.nbformat_minor < nbformat.v4.nbformat_minor:  # 4.5 gave every cell an id
        notebook = nbformat.v4.upgrade(notebook, from_version=4, from_minor=notebook.nbformat_minor)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = language_info()
    nbformat.validate(notebook)
    stripped = subprocess.run(
        NBSTRIPOUT, input=nbformat.writes(notebook) + "\n", capture_output=True, text=True, check=True
    )
    return stripped.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each notebook not normal")
    args = parser.parse_args(argv)
    differ = []
    for path in args.notebooks:
        text = normal_text(path)
        if path.read_text(encoding="utf-8") == text:
            continue
        differ.append(path)
        if not args.check:
            temporary = path.with_name(f".{path.name}.normalising")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
    for path in differ:
        print(f"{path}: {'not normal (run make strip)' if args.check else 'normalised'}")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
