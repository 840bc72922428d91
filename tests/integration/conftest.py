"""Fixtures shared by integration test files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from real_files import ROOT


@pytest.fixture(scope="session")
def default_reports(tmp_path_factory, project_store) -> Path:
    """Every report of the project's reports.toml, built once per session with the CLI as `make reports` builds them
    (into a temporary folder); returns the output folder. Test files that use it share the xdist group
    ``default_reports`` so that one worker builds it once."""
    out = tmp_path_factory.mktemp("default-reports")
    env = {**os.environ}
    env.pop("HIM_WAGES_HOME", None)  # the real notebooks read the project's bundled data
    completed = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--config", str(ROOT / "reports.toml"), "--out", str(out)]
        + ["--jobs", "2", "--force", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
        check=False,
    )
    assert completed.returncode == 0, f"report build failed:\n{completed.stdout}\n{completed.stderr}"
    return out
