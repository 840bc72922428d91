"""Every value of tests/data/national_him_history.csv (copied by hand from BLS's national files and
cross-checked) must come out of the reader exactly, from every national file of every year, xls, xlsx and CSV."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import analysis
from real_files import HISTORY, HISTORY_VALUES, national_names

VALUE_FIELDS = HISTORY_VALUES
NATIONAL_FILES = national_names()


def _history() -> list[dict[str, str]]:
    with open(HISTORY, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _year_of(name: str) -> int:
    return int(name.split("_M")[1][:4])


@pytest.fixture(scope="module")
def frames(oews_files: Path) -> dict[str, pd.DataFrame]:
    return {name: analysis.read_oews(oews_files / name) for name in NATIONAL_FILES}


def test_every_national_file_of_2011_to_2024_is_present(oews_files):
    years = {_year_of(name) for name in NATIONAL_FILES}
    assert years == set(range(2011, 2025))
    # 2013 as xls and CSV, 2016 only as a CSV export.
    assert {"national_M2013_dl.xls", "national_M2013_dl.csv", "national_M2016_dl.csv"} <= set(NATIONAL_FILES)


def _expected_flag(text: str) -> bool:
    # The table writes BLS's flag as published: blank (the reader's False) or TRUE.
    return text.strip().upper() == "TRUE"


@pytest.mark.parametrize("name", NATIONAL_FILES)
def test_file_reproduces_the_history_table(name, frames):
    year = _year_of(name)
    rows = [r for r in _history() if int(r["year"]) == year]
    assert rows, f"the history table has no rows for {year}"
    frame = frames[name].set_index("occ_code")
    assert (frames[name]["year"] == year).all()
    for row in rows:
        occ = row["occ_code"]
        assert occ in frame.index, f"{name}: {occ} missing"
        got = frame.loc[occ]
        assert got["occ_title"] == row["occ_title"]
        for column in VALUE_FIELDS:
            expected = Decimal(row[column])
            value = got[column]
            assert not pd.isna(value), f"{name} {occ} {column}: null, table says {expected}"
            assert pd.isna(got[f"{column}_status"])
            # Exact: the reader's float must be the nearest double to the published decimal.
            assert value == float(expected), f"{name} {occ} {column}: {value!r} != {expected}"
        assert bool(got["annual"]) is _expected_flag(row["annual_flag"])
        assert bool(got["hourly"]) is _expected_flag(row["hourly_flag"])
        assert got["area"] == "99" and got["area_type"] == 1 and got["prim_state"] == "US"
        assert got["naics"] == "000000" and got["own_code"] == "1235"


def test_history_covers_every_row_of_the_table(frames):
    # Each table row is checked against at least one file (2013 against both the xls and the CSV).
    checked = {_year_of(n) for n in NATIONAL_FILES}
    assert {int(r["year"]) for r in _history()} <= checked
    assert len(_history()) == 48


def test_2013_xls_and_csv_agree_everywhere(frames):
    xls = frames["national_M2013_dl.xls"].drop(columns="source")
    csv_frame = frames["national_M2013_dl.csv"].drop(columns="source")
    pd.testing.assert_frame_equal(xls, csv_frame)


def test_one_folder_with_every_national_file(tmp_path, oews_files, frames):
    # Links to the real files (nothing copied): 2013 appears as xls and CSV with identical values, kept once.
    for name in NATIONAL_FILES:
        (tmp_path / name).symlink_to(oews_files / name)
    frame = analysis.read_oews(tmp_path)
    assert sorted(frame["year"].unique().tolist()) == list(range(2011, 2025))
    expected_rows = sum(len(frames[n]) for n in NATIONAL_FILES if n != "national_M2013_dl.csv")
    assert len(frame) == expected_rows
    per_year = frame.groupby("year").size()
    assert per_year[2013] == len(frames["national_M2013_dl.xls"])


def test_a_download_folder_skips_the_news_release_table_by_name(oews_files):
    # In a folder, a spreadsheet of another layout is skipped with a SkippedInputWarning (a UserWarning) naming it ...
    with pytest.warns(analysis.errors.SkippedInputWarning, match="ocwage_04012014.xlsx"):
        frame = analysis.read_oews(oews_files)
    assert any("ocwage_04012014.xlsx" in note for note in frame.attrs["skipped"])
    assert sorted(frame["year"].unique()) == list(range(2011, 2025))
    # ... and named on its own it is an error.
    with pytest.raises(analysis.errors.UnsupportedLayoutError, match="ocwage_04012014.xlsx"):
        analysis.read_oews(oews_files / "ocwage_04012014.xlsx")


@pytest.mark.parametrize("name", [f"national_M{y}_dl.xlsx" for y in range(2014, 2025) if y != 2016])
def test_read_oews_takes_the_fast_path_for_xlsx_and_matches_the_general_reader(oews_files, name, monkeypatch):
    from analysis.sources import special_request, xlsx_arrow

    general = special_request.read_special_request(oews_files / name)
    taken = []
    real = xlsx_arrow.read_member_fast
    monkeypatch.setattr(xlsx_arrow, "read_member_fast", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    fast = analysis.read_oews(oews_files / name)
    if int(name[10:14]) >= 2019:  # the fast path reads the all-data layout (area columns), as these files have
        assert taken and taken[0] is not None, "the fast path declined a clean BLS workbook"
    pd.testing.assert_frame_equal(fast, general)
