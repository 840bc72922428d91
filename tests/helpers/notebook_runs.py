"""Running a project notebook in tests exactly as `him-wages report` and cron users do: papermill, the project's
own kernel (``him-wages``, registered by `make kernel`), the notebooks folder as the working directory."""

from __future__ import annotations

import re
from pathlib import Path

#: A figure typed into a notebook's Markdown prose (the figures must come from the data): a dollar amount, a count
#: with a thousands separator, a percentage in words.
FIGURE_IN_PROSE = re.compile(r"\$\s?\d|\d{1,3},\d{3}|\b\d+(\.\d+)? percent")


def execute(notebook: Path, output: Path, **parameters) -> Path:
    """Execute ``notebook`` with ``parameters`` into ``output`` (papermill); returns ``output``."""
    import papermill

    from analysis import paths
    from analysis.reports.build import KERNEL_NAME

    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name=KERNEL_NAME,
        cwd=str(paths.notebooks_dir()),
        progress_bar=False,
    )
    return output


def run(notebook: Path, folder: Path, name: str, **parameters):
    """Execute ``notebook`` into ``folder/name.ipynb`` (:func:`execute`) and read the executed notebook back."""
    import nbformat

    output = folder / f"{name}.ipynb"
    execute(notebook, output, **parameters)
    return nbformat.read(output, as_version=4)


def errors(nb) -> list[str]:
    """Every error output of an executed notebook as "Name: message" (empty when every cell ran)."""
    return [
        o.get("ename", "") + ": " + o.get("evalue", "")
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
