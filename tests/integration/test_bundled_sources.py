"""The project stands on its own: the published BLS and BEA files it ships in data/raw (and tests/data) are
recorded in data/raw/MANIFEST byte for byte, one national file per release, and nothing reads outside the repo."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from real_files import ROOT as REPO_ROOT

ROOT = REPO_ROOT
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def copies() -> list[dict]:
    return tomllib.loads((RAW / "MANIFEST").read_text(encoding="utf-8"))["copies"]


def test_every_copy_is_recorded_with_size_and_sha256(copies):
    for entry in copies:
        path = ROOT / entry["path"]
        data = path.read_bytes()
        assert len(data) == entry["bytes"], entry["path"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        assert entry["copied"] and entry["copied_from"], entry["path"]


def test_one_national_file_per_release_2011_to_2024_with_its_bls_archive(copies):
    national = {e["path"]: e for e in copies if e["path"].startswith("data/raw/national/")}
    years = sorted(int(re.search(r"_M(\d{4})_", p).group(1)) for p in national)
    assert years == list(range(2011, 2025))
    assert {p.name for p in (RAW / "national").iterdir()} == {Path(p).name for p in national}
    for path, entry in national.items():
        year = int(re.search(r"_M(\d{4})_", path).group(1))
        assert entry["release"] == f"May {year}"
        assert entry["publisher_url"] == f"https://www.bls.gov/oes/special-requests/oesm{year % 100:02d}nat.zip"
        assert entry["member"] == f"national_M{year}_dl.{'xls' if year <= 2013 else 'xlsx'}"
        if path.endswith(".csv"):  # May 2016: only a CSV export of BLS's workbook exists here, and it says so
            assert entry["form"] == "csv export" and "not byte-comparable" in entry["copy_source"]
        else:
            assert entry["form"] == "as published" and "public mirror" in entry["copy_source"]


def test_context_files_are_bundled_with_their_publishers(copies):
    by_path = {e["path"]: e for e in copies}
    rpp = by_path["data/raw/bea/SARPP_STATE_2008_2024_all_items.csv"]
    assert rpp["publisher_url"] == "https://apps.bea.gov/regional/zip/SARPP.zip"
    assert "February 19, 2026" in rpp["release"]
    projections = by_path["data/raw/projections/occupation_projections_2024_34.csv"]
    assert projections["publisher"].startswith("U.S. Bureau of Labor Statistics")
    assert "2024-34" in projections["release"]


def test_data_raw_stays_under_ten_megabytes():
    size = sum(p.stat().st_size for p in RAW.rglob("*") if p.is_file() and "bls" not in p.relative_to(RAW).parts)
    assert size < 10 * 1024 * 1024


def test_nothing_reads_or_names_the_shared_folder_beside_the_checkout():
    needle = re.compile(r"\.\./" + "shared|" + r"parent\s*/\s*['\"]" + "shared['\"]")
    places = [
        ROOT / "src",
        ROOT / "tests",
        ROOT / "notebooks",
        ROOT / "scripts",
        ROOT / "devtools",
        ROOT / ".ci",
        ROOT / "Makefile",
        ROOT / "pyproject.toml",
    ]
    offenders = []
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for file in files:
            if file.suffix in {".xls", ".xlsx", ".gz", ".parquet", ".pyc"} or any(
                part == "__pycache__" or part.endswith(".egg-info") for part in file.parts
            ):
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            if needle.search(text):
                offenders.append(str(file.relative_to(ROOT)))
    assert offenders == []
