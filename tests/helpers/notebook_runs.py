"""Running a project notebook in tests exactly as `him-wages report` and cron users do: papermill, the project's
own kernel (``him-wages``, registered by `make kernel`), the notebooks folder as the working directory."""

from __future__ import annotations

from pathlib import Path


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
