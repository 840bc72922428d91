"""``him-wages fetch`` end to end against a local stand-in for BLS (tests/bls_server.py): no test touches the internet.
The contact from the config file, flat files through the mirror variable, and fetched releases read by read_oews, the
store and the trend notebook. Each fetch module's own tests are in tests/unit/fetch/ (the CLI's in
tests/unit/commands/test_fetch.py).

The archives served are built in memory from the real national files in data/raw/national/, zipped the
way BLS zips them (oesm23nat.zip holding oesm23nat/national_M2023_dl.xlsx).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import fetch, paths
from analysis.cli import main as cli_main
from analysis.errors import NotBLSDataError
from analysis.fetch import bls_urls
from analysis.reports.build import KERNEL_NAME
from bls_server import (
    NATIONAL_FILES,
    archive_path,
    bls_archive,
    fetch_project,
    flat_file_path,
)
from fetch_runs import QUICK, get, synthetic_flat_files
from real_files import HISTORY, HISTORY_VALUES


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with a contact address and no user config file."""
    return fetch_project(tmp_path, monkeypatch)


# ----------------------------------------------------------------------------------------------- URLs


# ----------------------------------------------------------------------------------------------- the happy path


# ----------------------------------------------------------------------------------------------- refusals


def test_contact_from_the_config_file(project, server, monkeypatch, tmp_path):
    monkeypatch.delenv("HIM_WAGES_CONTACT")
    config = tmp_path / "config" / "him-wages" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[fetch]\ncontact = "analyst@example.net"\n')
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    assert "analyst@example.net" in server.requests[0]["headers"]["user-agent"]


# ----------------------------------------------------------------------------------------------- flaky servers


# ----------------------------------------------------------------------------------------------- hostile archives


# ------------------------------------------------------------------------------------- offline, flat files, CLI


SYNTHETIC_FLAT_FILES = synthetic_flat_files(2025)


def test_flat_files_through_the_mirror_environment_variable(project, server, monkeypatch):
    for name, body in SYNTHETIC_FLAT_FILES.items():
        server.put(flat_file_path(name), body)
    monkeypatch.setenv("HIM_WAGES_BLS_BASE_URL", server.url)
    results = fetch.fetch([], [], flat_files=True, **QUICK)
    assert [r.target.name for r in results] == list(bls_urls.FLAT_FILES)
    oe = project / "data" / "raw" / "bls" / "oe"
    assert (oe / "oe.footnote").read_bytes() == SYNTHETIC_FLAT_FILES["oe.footnote"]
    manifest = json.loads(fetch.manifest_path().read_text())
    assert manifest["files"]["oe/oe.series"]["url"] == server.url + "/pub/time.series/oe/oe.series"
    # A flat file answered with an HTML page, or with another file's header, is refused; the cached copy stays.
    server.fail(flat_file_path("oe.series"), "html")
    with pytest.raises(NotBLSDataError, match="HTML page"):
        fetch.fetch([], [], flat_files=True, force=True, **QUICK)
    server.put(flat_file_path("oe.series"), b"area_code\tarea_name\n")
    with pytest.raises(NotBLSDataError, match="header is not BLS's.*including 'series_id'"):
        fetch.fetch([], [], flat_files=True, force=True, **QUICK)
    assert (oe / "oe.series").read_bytes() == SYNTHETIC_FLAT_FILES["oe.series"]


# ----------------------------------------------------------------------------------------------- done
def test_done_fetch_2011_2024_then_read_oews_reproduces_the_national_history(project, server):
    for year in NATIONAL_FILES:
        server.put(archive_path(year), bls_archive(year, folder=year >= 2014))
    results = fetch.fetch(range(2011, 2025), ["national"], base_url=server.url, **QUICK)
    assert [r.status for r in results] == ["downloaded"] * 14

    from analysis import read_oews

    frame = read_oews(paths.downloads_dir())
    assert sorted(frame["year"].unique().tolist()) == list(range(2011, 2025))
    history = pd.read_csv(HISTORY, dtype={"occ_code": "string"})
    national = frame[(frame["area"] == "99") & (frame["naics"] == "000000")]
    merged = history.merge(
        national.astype({"year": "int64"}),
        on=["year", "occ_code"],
        suffixes=("", "_read"),
        how="left",
        validate="one_to_one",
    )
    assert len(merged) == 48
    for column in HISTORY_VALUES:
        expected = merged[column].astype("float64")
        found = merged[f"{column}_read"].astype("float64")
        mismatched = merged.loc[(expected - found).abs().fillna(1) > 1e-9, ["year", "occ_code"]]
        assert mismatched.empty, f"{column} differs from the history for {mismatched.values.tolist()}"


def test_the_store_sees_fetched_releases(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.put(archive_path(2016), bls_archive(2016))
    fetch.fetch([2016, 2023], ["national"], base_url=server.url, **QUICK)
    from analysis import store

    result = store.build()
    assert result.rebuilt and result.years == [2016, 2023]
    frame = store.load(years=[2023], occ_codes=["29-2072"])
    history = pd.read_csv(HISTORY, dtype={"occ_code": "string"})
    expected = history[(history.year == 2023) & (history.occ_code == "29-2072")].iloc[0]
    national = frame[frame["area"] == "99"]
    assert len(national) == 1
    assert national.iloc[0]["tot_emp"] == expected["tot_emp"]
    assert national.iloc[0]["a_median"] == expected["a_median"]


@pytest.mark.notebook
def test_done_after_fetch_the_trend_notebook_shows_14_years_plus_the_bundled_release(project, server, tmp_path):
    """The issue's "done when": fetch 2011-2024 from the (local) BLS server, `him-wages data`, and the trend
    notebook — with no data_dirs — shows all 14 fetched years and the bundled May 2025 release, with BLS's
    figures (tests/data/national_him_history.csv)."""
    import csv
    import shutil

    import papermill as pm

    from analysis.reports import notebook

    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", project / "data" / "raw" / "oe")
    for year in NATIONAL_FILES:
        server.put(archive_path(year), bls_archive(year, folder=year >= 2014))
    assert (
        cli_main(
            [
                "fetch",
                "--years",
                "2011-2024",
                "--kinds",
                "national",
                "--base-url",
                server.url,
                "--quiet",
                "--timeout",
                "5",
            ]
        )
        == 0
    )
    assert cli_main(["data"]) == 0
    output = tmp_path / "trends.ipynb"
    # The kernel inherits HIM_WAGES_HOME (set by the project fixture), so the notebook reads this project.
    pm.execute_notebook(
        str(paths.checkout_root() / "notebooks" / "04_trends.ipynb"),
        str(output),
        kernel_name=KERNEL_NAME,
        cwd=str(paths.checkout_root() / "notebooks"),
        progress_bar=False,
    )
    figures = notebook.read_recorded_figures(output)
    assert figures["years"] == list(range(2011, 2026))
    recorded = {(v["year"], v["occ_code"]): v for v in figures["values"]}
    with HISTORY.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["occ_code"] not in {"11-9111", "29-2071", "29-2072", "29-9021", "29-2098", "29-9098"}:
                continue
            got = recorded[(int(row["year"]), row["occ_code"])]
            assert got["a_mean"] == float(row["a_mean"]) and got["tot_emp"] == float(row["tot_emp"])
