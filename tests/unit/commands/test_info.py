"""``him-wages info`` (:mod:`analysis.commands.info`): what data/raw/MANIFEST says, the occupation filter, the area
counts and release lines a reader sees, and the text the command prints. Real values come from the bundled
data/raw/MANIFEST and data/raw/oe/oe.occupation; the store summaries marked SYNTHETIC are made up (the command on the
project's real data is tested end to end in tests/integration/test_info.py)."""

from __future__ import annotations

import csv
import shutil
import tomllib

import pytest

from analysis.cli import main as cli_main
from analysis.commands import info
from real_files import ROOT

MANIFEST = ROOT / "data" / "raw" / "MANIFEST"


def _occupations() -> list[list[str]]:
    """BLS's occupations as [code, title] pairs (data/raw/oe/oe.occupation writes codes without the dash)."""
    with (ROOT / "data" / "raw" / "oe" / "oe.occupation").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [[f"{r['occupation_code'][:2]}-{r['occupation_code'][2:]}", r["occupation_name"]] for r in rows]


def test_the_manifest_summary_is_the_release_the_chain_and_every_bundled_file():
    document = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    summary = info.manifest_summary()
    assert summary["release"] == document["release"]["description"] == "May 2025"
    assert summary["chain"] == document["chain"]["summary"]
    files = {entry["file"] for entry in summary["files"]}
    assert {f"data/raw/{entry['path']}" for entry in document["files"]} <= files


def test_without_a_manifest_there_is_no_summary(tmp_path, monkeypatch):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    assert info.manifest_summary() is None


def test_occupations_match_by_code_prefix_or_every_word_of_the_title():
    occupations = _occupations()
    assert info.matching(occupations, None) == occupations == info.matching(occupations, "  ")
    assert ["29-2072", "Medical Records Specialists"] in info.matching(occupations, "29-20")
    assert all(code.startswith("29-20") for code, _title in info.matching(occupations, "29-20"))
    records = info.matching(occupations, "RECORDS medical")  # every word, any order, any case
    assert records and all("records" in t.lower() and "medical" in t.lower() for _c, t in records)
    # data/raw/oe/oe.occupation: "299021	Health Information Technologists and Medical Registrars"
    assert ["29-9021", "Health Information Technologists and Medical Registrars"] in info.matching(
        occupations, "health information"
    )
    assert info.matching(occupations, "no such occupation") == []


@pytest.mark.parametrize(
    ("kind", "count", "text"),
    [
        ("U.S.", 1, "the U.S."),
        ("U.S.", 2, "2 U.S. areas"),
        ("State", 51, "51 states"),
        ("U.S. territory", 3, "3 U.S. territories"),
        ("Metropolitan statistical area", 1, "1 metropolitan statistical area"),
        ("Nonmetropolitan area", 1_234, "1,234 nonmetropolitan areas"),
    ],
)
def test_an_area_count_reads_as_a_reader_would_say_it(kind, count, text):
    assert info.area_text(kind, count) == text


SYNTHETIC_RELEASE = {
    "release": "May 2025",
    "rows": 5_900,
    "occupations": 9,
    "industries": 1,
    "areas": {"U.S.": 1, "State": 51},
    "sources": ["data/raw/oe/oe.data.0.Current"],
}


def test_a_release_line_counts_rows_occupations_industries_and_areas():
    assert info.release_line(SYNTHETIC_RELEASE) == (
        "  May 2025: 5,900 rows; 9 occupations; 1 industry; areas: the U.S., 51 states"
    )


def test_the_store_summary_keeps_what_info_shows():
    assert info.store_summary(None) is None and info.store_summary({}) is None
    current = {"generation": "gen-1", "built": "2026-01-01", "years": [2025], "rows": 7, "format": 9}  # SYNTHETIC
    assert info.store_summary(current) == {
        "generation": "gen-1",
        "built": "2026-01-01",
        "years": [2025],
        "rows": 7,
        "inputs": [],
        "overlaps": [],
    }


@pytest.fixture
def project_without_store(tmp_path, monkeypatch):
    """A project with the real data/raw/MANIFEST and no store; the store summary a SYNTHETIC one."""
    (tmp_path / "data" / "raw").mkdir(parents=True)
    shutil.copy(MANIFEST, tmp_path / "data" / "raw" / "MANIFEST")
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    summary = {"releases": [SYNTHETIC_RELEASE], "occupations": _occupations()}
    monkeypatch.setattr(info, "summary_of_store", lambda: summary)
    return tmp_path


def test_the_text_lists_releases_occupations_and_provenance(project_without_store, capsys):
    assert cli_main(["info"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Releases available",
        info.release_line(SYNTHETIC_RELEASE),
        "      from data/raw/oe/oe.data.0.Current",
    ]
    assert f"Occupations: {len(_occupations()):,} in all;" in "\n".join(out)
    assert "  data/processed: not built (run `make data`); figures above were read from data/raw directly" in out
    assert any(line.startswith("  data/raw/MANIFEST: oe extract of May 2025, via BLS oe flat files") for line in out)


def test_the_occupation_list_says_how_many_match(project_without_store, capsys):
    assert cli_main(["info", "--occupations", "29-2072"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Occupations matching '29-2072': 1 of {len(_occupations()):,} occupations",
        "  29-2072  Medical Records Specialists",
    ]
