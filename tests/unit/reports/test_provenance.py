"""What a report is built from (:mod:`analysis.reports.provenance`): the input files a notebook may read, and the
fingerprint that decides whether a report is rebuilt. The project and notebook here are SYNTHETIC (tmp_path)."""

from __future__ import annotations

import pytest

from analysis.reports.config import ReportSpec
from analysis.reports.provenance import input_data_files, package_fingerprint, report_fingerprint


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with a few made-up input files, hidden ones and a partial download."""
    root = tmp_path / "project"
    for name in (
        "data/raw/oe/oe.area",
        "data/raw/national/b.csv",
        "data/raw/national/a.csv",
        "data/processed/x.parquet",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name)
    (root / "data/raw/.hidden").write_text("no")
    (root / "data/raw/national/c.csv.part").write_text("half a download")
    (root / "data/raw/.git").mkdir()
    (root / "data/raw/.git/HEAD").write_text("no")
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def test_input_files_are_every_visible_finished_file_in_a_stable_order(project, tmp_path):
    extra = tmp_path / "extra.xlsx"
    extra.write_text("made up")
    files = [p.relative_to(tmp_path).as_posix() for p in input_data_files([extra, tmp_path / "missing"])]
    assert files == [
        "project/data/raw/national/a.csv",
        "project/data/raw/national/b.csv",
        "project/data/raw/oe/oe.area",
        "project/data/processed/x.parquet",
        "extra.xlsx",
    ]


def test_the_fingerprint_changes_with_each_thing_a_report_depends_on(tmp_path):
    notebook = tmp_path / "n.ipynb"
    notebook.write_text("{}")
    spec = ReportSpec("n", notebook, {"occupation": "29-2072"}, "may2025")
    data = {"data/raw/oe/oe.area": "0" * 64}

    def fingerprint(spec=spec, data=data, include_code=False, code_hash="c1"):
        return report_fingerprint(spec, data, include_code=include_code, code_hash=code_hash)

    base = fingerprint()
    assert fingerprint() == base and len(base) == 64
    assert fingerprint(spec=ReportSpec("n", notebook, {"occupation": "29-9021"}, "may2025")) != base
    assert fingerprint(spec=ReportSpec("n", notebook, {"occupation": "29-2072"}, "may2024")) != base
    assert fingerprint(data={"data/raw/oe/oe.area": "1" * 64}) != base
    assert fingerprint(include_code=True) != base
    assert fingerprint(code_hash="c2") != base
    notebook.write_text('{"changed": true}')
    assert fingerprint() != base


def test_the_package_fingerprint_is_a_stable_sha256():
    first = package_fingerprint()
    assert first == package_fingerprint() and len(first) == 64
