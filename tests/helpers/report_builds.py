"""Building reports in tests as users do (`him-wages report` run as a subprocess, ``--jobs 2``), in the checkout or
in a throwaway project whose bundled oe files carry SYNTHETIC hostile titles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from real_files import ROOT, link_context_files

#: reports.toml of a throwaway project: the national report and the California deep dive of 29-2072.
NATIONAL_AND_CALIFORNIA = (
    'release = "hostile"\n\n[[reports]]\nname = "national"\n'
    f'notebook = "{(ROOT / "notebooks" / "01_national.ipynb").as_posix()}"\n'
    'parameters = { occupation = "29-2072" }\n\n[[reports]]\nname = "regional"\n'
    f'notebook = "{(ROOT / "notebooks" / "02_regional.ipynb").as_posix()}"\n'
    'parameters = { occupation = "29-2072", state = "CA" }\n'
)


def build_reports(
    config: Path, out: Path, *, home: Path | None = None, options: Iterable[str] = (), timeout: float = 1200
) -> Path:
    """Build the reports of ``config`` into ``out`` with the CLI; asserts it exits 0 and returns ``out``. With
    ``home`` the project is that folder (HIM_WAGES_HOME); without, the checkout's own bundled data."""
    env = {**os.environ}
    if home is None:
        env.pop("HIM_WAGES_HOME", None)  # the real notebooks read the project's bundled data
    else:
        env["HIM_WAGES_HOME"] = str(home)
    completed = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--config", str(config), "--out", str(out), "--jobs", "2"]
        + list(options),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, f"report build failed:\n{completed.stdout}\n{completed.stderr}"
    return out


def hostile_project(home: Path, replacements: Mapping[str, Iterable[tuple[str, str]]]) -> None:
    """A project in ``home`` whose data/raw/oe is a SYNTHETIC copy of the bundled May 2025 oe files with each
    ``(old, new)`` text of ``replacements[file name]`` replaced (every ``old`` must be there), the real
    data/raw/MANIFEST and the bundled context files linked."""
    raw = home / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw" / "oe", raw / "oe")
    shutil.copy(ROOT / "data" / "raw" / "MANIFEST", raw / "MANIFEST")
    link_context_files(raw)
    for name, pairs in replacements.items():
        path = raw / "oe" / name
        text = path.read_bytes().decode("utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_bytes(text.encode("utf-8"))


def hostile_reports(home: Path, replacements: Mapping[str, Iterable[tuple[str, str]]]) -> Path:
    """:func:`hostile_project` in ``home``, then its national and California reports built into ``home/reports``."""
    hostile_project(home, replacements)
    config = home / "reports.toml"
    config.write_text(NATIONAL_AND_CALIFORNIA)
    return build_reports(config, home / "reports", home=home, timeout=900)
