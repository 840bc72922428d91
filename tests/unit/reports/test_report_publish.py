"""Reports as publications, without a browser: what a notebook records (figures, tables with their raw data) and
the sources a page links. The figures, downloads, index and bundled-files catalog have their own files
(test_figures.py, test_downloads.py, test_index.py, tests/unit/test_raw_catalog.py). Values come from the bundled BLS
files (May 2025 oe extract, 29-2072 Medical Records Specialists) unless a test labels its input SYNTHETIC."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from analysis import store
from analysis.analyses import national
from analysis.reports import ReportSpec, downloads, html, notebook, raw_manifest_entries
from real_files import ROOT as REPO_ROOT

ROOT = REPO_ROOT


@pytest.fixture(scope="module")
def national_figures() -> dict:
    frame = store.load(area_types=[1])
    return national.key_figures(frame, "29-2072", 2025)


def test_record_figures_formats_its_table_by_figure_name_and_offers_the_raw_values(monkeypatch, national_figures):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    notebook.record_figures(national_figures)
    (bundle,) = shown
    assert "<caption>Key figures</caption>" in bundle["text/html"]
    assert "$56,790" in bundle["text/html"] and "Annual mean wage (USD)" in bundle["text/html"]
    assert bundle[notebook.FIGURES_MIME_TYPE]["a_mean"] == 56790.0  # machines keep the raw value
    table = bundle[notebook.TABLE_MIME_TYPE]
    assert ["a_mean", 56790.0] in table["rows"] and table["raw"] is True
    header, *rows = list(csv.reader(io.StringIO(downloads.table_csv(table))))
    assert header == ["Figure", "Value", "Name in index.json"]  # readers' words, the machine name kept
    assert ["Annual mean wage (USD)", "56790.0", "a_mean"] in rows


def test_show_table_captions_the_table_and_records_the_raw_data(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    raw = pd.DataFrame({"area": ["06"], "a_mean": [68230.0], "a_mean_status": [None]})  # BLS May 2025, CA, 29-2072
    display = pd.DataFrame({"State": ["California"], "Annual mean wage (USD)": ["$68,230"]})
    notebook.show_table(display, caption="States <ranked>", data=raw, name="states")
    (bundle,) = shown
    assert "<caption>States &lt;ranked&gt;</caption>" in bundle["text/html"]
    table = bundle[notebook.TABLE_MIME_TYPE]
    assert table["name"] == "states" and table["columns"] == ["area", "a_mean", "a_mean_status"]
    assert table["rows"] == [["06", 68230.0, None]] and table["raw"] is True


def test_sources_link_occupation_profiles_and_the_files_of_the_releases_used(tmp_path):
    context = {"raw_manifest": raw_manifest_entries()}
    spec = ReportSpec("n", tmp_path / "01_national.ipynb", {"occupation": "29-2072"}, "may2023")
    past = html.report_sources(spec, {"occupation": "29-2072", "year": 2023}, context)
    assert past["occupations"] == [
        {
            "code": "29-2072",
            "title": "Medical Records Specialists",
            "url": "https://www.bls.gov/oes/2023/may/oes292072.htm",
            "page": "May 2023",
        }
    ]
    assert [row["file"] for row in past["files"]] == ["data/raw/national/national_M2023_dl.xlsx"]
    latest = html.report_sources(spec, {"occupation": "29-2072", "year": 2025}, context)
    assert latest["occupations"][0]["url"] == "https://www.bls.gov/oes/current/oes292072.htm"
    assert all(row["file"].startswith("data/raw/oe/") for row in latest["files"])
    assert latest["technical_notes"] == "https://www.bls.gov/oes/current/oes_tec.htm"
    # a code that is not a SOC code is never turned into a link
    # the context files each notebook used are linked: projections for the national outlook, BEA for RPPs
    national = html.report_sources(spec, {"occupation": "29-2072", "year": 2025, "outlook": {}}, context)
    assert "data/raw/projections/occupation_projections_2024_34.csv" in [row["file"] for row in national["files"]]
    assert not any("/bea/" in row["file"] for row in national["files"])
    regional_spec = ReportSpec("r", tmp_path / "02_regional.ipynb", {"occupation": "29-2072"}, "may2025")
    regional = html.report_sources(regional_spec, {"year": 2025, "rpp_year": 2024, "rpp_vintage": "x"}, context)
    bea = [row for row in regional["files"] if "/bea/" in row["file"]]
    assert bea and bea[0]["url"] == "https://apps.bea.gov/regional/zip/SARPP.zip"
    odd_spec = ReportSpec("n", tmp_path / "01_national.ipynb", {"occupation": "javascript:alert(1)"}, "may2025")
    odd = html.report_sources(odd_spec, {"occupation": "javascript:alert(1)", "year": 2025}, context)
    assert odd["occupations"] == []


def test_show_table_never_fails_on_cells_that_are_not_json(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    # SYNTHETIC: a claims-like frame whose cells hold frames (national.check_claims keeps evidence that way)
    raw = pd.DataFrame({"claim": ["Pay is rising"], "evidence": [pd.DataFrame({"a": [1]})], "value": [float("nan")]})
    notebook.show_table(pd.DataFrame({"Claim": ["Pay is rising"]}), caption="Claims", data=raw)
    row = shown[0][notebook.TABLE_MIME_TYPE]["rows"][0]
    assert row[0] == "Pay is rising" and isinstance(row[1], str) and row[2] is None
