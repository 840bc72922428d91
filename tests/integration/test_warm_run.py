"""A warm ``make reports`` (store up to date, every report unchanged) imports only what it uses: neither
``him-wages data`` nor ``him-wages report`` imports altair, jsonschema, pandas or pyarrow (seconds of imports that
only a build needs). Whole commands in fresh processes, ``python -X importtime``; nothing is timed.

The project is a throwaway home holding the bundled May 2025 extract (data/raw/oe, BLS's files); the report is
the small fixture notebook tests/fixtures/notebooks/report.ipynb (its numbers are synthetic)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from analysis import paths
from real_files import ROOT

HEAVY = ("altair", "jsonschema", "pandas", "pyarrow", "rfc3987_syntax", "nbformat", "papermill")

pytestmark = pytest.mark.xdist_group("reports")


def _command(home, *args: str, importtime: bool = False):
    flags = ["-X", "importtime"] if importtime else []
    result = subprocess.run(
        [sys.executable, *flags, "-m", "analysis", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=home,
        env={**os.environ, "HIM_WAGES_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, imported


def test_warm_data_and_report_import_none_of_the_build_machinery(tmp_path):
    home = tmp_path / "project"
    (home / "data" / "raw").mkdir(parents=True)
    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", home / "data" / "raw" / "oe")
    shutil.copy(paths.checkout_root() / "data" / "raw" / "MANIFEST", home / "data" / "raw" / "MANIFEST")
    notebook = ROOT / "tests" / "fixtures" / "notebooks" / "report.ipynb"
    (home / "reports.toml").write_text(
        'release = "latest"\n\n[[reports]]\nname = "alpha"\n'
        f'notebook = "{notebook.as_posix()}"\nparameters = {{ occupation = "29-2072" }}\n'
    )
    out = tmp_path / "out"
    built, imported = _command(home, "data", importtime=True)
    assert built.stdout.startswith("built ") and "pandas" in imported  # a cold build does import it
    first, _ = _command(home, "report", "--out", str(out))
    assert first.stdout.startswith("1 built, 0 unchanged") and (out / "may2025" / "alpha.html").is_file()

    data, imported = _command(home, "data", importtime=True)
    assert data.stdout.startswith("data/processed is up to date")
    assert not set(HEAVY) & imported, sorted(set(HEAVY) & imported)
    report, imported = _command(home, "report", "--quiet", "--out", str(out), importtime=True)
    assert report.stdout.startswith("0 built, 1 unchanged (skipped), 0 failed")
    assert not set(HEAVY) & imported, sorted(set(HEAVY) & imported)
    assert "analysis.reports.build" in imported  # the check did run in this process
