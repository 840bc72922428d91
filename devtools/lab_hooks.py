"""The project's JupyterLab (``make lab``): after it saves a notebook, git sees the notebook as unchanged when only its
outputs changed.

git passes notebooks through nbstripout (``.gitattributes``, ``make git-filter``), so what it would commit is the
notebook without outputs. But ``git status`` decides "modified" from the file's size and time before it runs any
filter: a notebook saved with its outputs is listed until ``git add`` (which then stages nothing). This hook does
that refresh, and only that: when the saved file, through the filter, is exactly the blob git has staged for it,
``git add`` rewrites nothing but the index's stat data. Anything else (an edited cell, an untracked notebook, no git)
is left alone.

    jupyter lab --FileContentsManager.post_save_hook=devtools.lab_hooks.refresh_git_index   (PYTHONPATH=.)
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60).stdout


def refresh_git_index(model: dict[str, Any], os_path: str, contents_manager: Any = None, **_: Any) -> None:
    """``FileContentsManager.post_save_hook``: refresh git's index entry of a saved notebook whose content, as git
    would commit it, is unchanged."""
    if model.get("type") != "notebook":
        return
    path = Path(os_path)
    try:
        top = Path(_git(path.parent, "rev-parse", "--show-toplevel").strip())
        name = path.resolve().relative_to(top.resolve()).as_posix()
        staged = _git(top, "ls-files", "--stage", "--", name).split()
        if len(staged) < 2:
            return  # not tracked
        if _git(top, "hash-object", f"--path={name}", "--", name).strip() == staged[1]:
            _git(top, "add", "--", name)
    except (OSError, ValueError, subprocess.SubprocessError):
        return  # no git, outside the checkout, a failing filter: git status simply lists the notebook
