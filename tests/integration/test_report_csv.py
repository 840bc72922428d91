"""A CSV downloaded from a report holds the numbers behind the table, not its display strings: full precision,
the BLS ``*_status`` columns, top-code bounds and the identifying columns, equal to the store's values.

The report test builds the default national report for 29-2072 (``him-wages report --only national-29-2072`` into
a temporary ``--out``) from the bundled BLS files and compares its tables/*.csv, and one CSV embedded in the HTML
as a ``data:`` link, with ``store.load()``. Expected values are read from the store at test time.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, store
from analysis.analyses import compare, cost_of_living, industry, national, outlook, regional, tables, trends
from analysis.analyses.trends_text import YEAR_TABLE_MEASURES, year_by_year_data, year_by_year_table
from analysis.conventions import geography
from analysis.reports.html import embedded_downloads
from analysis.sources import bea_rpp, projections

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

OCCUPATION = "29-2072"
STATUS_COLUMNS = {"tot_emp_status", "a_mean_status", "a_median_status"}


def _read_csv(source) -> pd.DataFrame:
    """A downloaded CSV as a user would read it, codes kept as text (29-2072, NAICS 000000, area 06), its readers'
    headers mapped back to the analysis' names with the dictionary every download carries
    (:mod:`analysis.reports.fields`, the workbook's "Fields" sheet)."""
    from analysis.reports.fields import column_label

    codes = {column_label(name): str for name in ("occ_code", "naics", "area")}
    frame = pd.read_csv(source, dtype=codes)
    names = _dictionary()
    assert set(frame.columns) <= set(names), set(frame.columns) - set(names)
    return frame.rename(columns=names)


_FIELDS: dict[str, str] = {}


def _dictionary() -> dict[str, str]:
    """Readers' header -> the analysis' column name, from the Fields sheet of the report's workbook."""
    return _FIELDS


def _embedded_csv(page: str, file_name: str) -> str:
    """The CSV behind the report's "Download ..." link named ``file_name`` (a base64 or percent-encoded data: URL)."""
    found = embedded_downloads(page)
    assert file_name in found, f"no embedded download link for {file_name}"
    return found[file_name]


@pytest.fixture(scope="module")
def latest_row() -> pd.Series:
    frame = store.load(occ_codes=[OCCUPATION], area_types=[1])
    year = int(national.national_cross_industry(frame)["year"].max())
    return national.occupation_row(frame, OCCUPATION, year)


@pytest.fixture(scope="module")
def national_report(tmp_path_factory) -> Path:
    """The default national report of 29-2072, built once from the project's data into a temporary folder."""
    out = tmp_path_factory.mktemp("report-out")
    assert cli.main(["report", "--out", str(out), "--only", f"national-{OCCUPATION}", "--jobs", "1"]) == 0
    (page,) = out.glob(f"*/national-{OCCUPATION}.html")
    import openpyxl

    (workbook,) = (page.with_suffix("") / "tables").glob("*.xlsx")
    fields = openpyxl.load_workbook(workbook, read_only=True)["Fields"]
    for _sheet, label, meaning, _unit, name in fields.iter_rows(min_row=2, values_only=True):
        assert meaning, label  # every column explained
        _FIELDS[label] = name
    return page


def _assert_same_as_store(ladder: pd.DataFrame, expected: pd.Series) -> None:
    row = ladder.set_index("occ_code").loc[OCCUPATION]
    assert int(row["year"]) == int(expected["year"])
    assert STATUS_COLUMNS <= set(ladder.columns) and "top_code_annual" in ladder.columns
    for column in ("a_mean", "a_median", "a_pct10", "a_pct90", "tot_emp", "emp_prse", "top_code_annual"):
        assert row[column] == float(expected[column]), column  # exactly: no rounding, no "$56,790" strings
    for column in STATUS_COLUMNS:  # published as numbers: no BLS symbol, so an empty status cell
        assert pd.isna(row[column]) and pd.isna(expected[column])


@pytest.mark.notebook
def test_report_csvs_hold_the_store_values_with_status_columns(national_report, latest_row):
    folder = national_report.with_suffix("") / "tables"
    career = _read_csv(folder / "the-career-ladder-wages-oews-entry-education-and-outlook-bls.csv")
    _assert_same_as_store(career, latest_row)
    assert not any(column.endswith("_display") for column in career.columns)

    ladder = _read_csv(folder / "the-wage-ladder-hourly-and-annual.csv").set_index("percentile")
    assert list(ladder["year"]) == [int(latest_row["year"])] * 5
    assert ladder.loc["Median", "annual"] == float(latest_row["a_median"])
    assert ladder.loc["10th percentile", "hourly"] == float(latest_row["h_pct10"])
    assert {"hourly_status", "annual_status", "top_code_hourly", "top_code_annual"} <= set(ladder.columns)

    # every table a reader sees offers its numbers: no cell of any CSV is a display string ("$56,790", "194,720")
    display_string = re.compile(r"\$[\d,.]+|[\d,]+ jobs|\d{1,3}(,\d{3})+")
    for path in folder.glob("*.csv"):
        cells = [str(cell) for cell in _read_csv(path).to_numpy().ravel()]
        assert not [cell for cell in cells if display_string.fullmatch(cell)], path.name

    # the same table decoded from the link embedded in the single HTML file
    embedded = _embedded_csv(
        national_report.read_text(encoding="utf-8"), "the-career-ladder-wages-oews-entry-education-and-outlook-bls.csv"
    )
    from_link = _read_csv(io.StringIO(embedded))
    _assert_same_as_store(from_link, latest_row)
    pd.testing.assert_frame_equal(from_link, career)


# ------------------------------------------------------------------------------ the raw frames, without a report


def test_raw_data_drops_display_strings_and_nested_frames_only():
    # SYNTHETIC frame: one column of each kind
    frame = pd.DataFrame(
        {
            "occ_code": ["00-0001", "00-0002"],
            "a_mean": [50000.123, None],
            "a_mean_status": [None, "wage_not_available"],
            "a_mean_display": ["$50,000", "suppressed"],
            "titles": [["Coder", "Clerk"], []],
            "evidence": [pd.DataFrame({"x": [1]}), pd.DataFrame()],
        },
        index=[5, 7],
    )
    raw = tables.raw_data(frame, drop=["occ_code_missing"])
    assert list(raw.columns) == ["occ_code", "a_mean", "a_mean_status", "titles"]
    assert list(raw.index) == [0, 1]
    assert raw.loc[0, "a_mean"] == 50000.123 and raw.loc[1, "a_mean_status"] == "wage_not_available"
    assert list(raw["titles"]) == ["Coder; Clerk", ""]


def test_analysis_raw_frames_match_the_rows_their_tables_show(latest_row):
    frame = store.load(area_types=[1])
    year = int(latest_row["year"])

    career = national.career_ladder(frame, year)
    data = outlook.career_outlook_data(career, projections.read_projections())
    assert len(data) == len(career) and list(data["occ_code"]) == list(career["occ_code"])
    assert "employment" not in data.columns and {"education", "employment_change_pct"} <= set(data.columns)

    profile = industry.industry_profile(frame, OCCUPATION, year, "4-digit")
    rows = industry.industry_rows(profile, 15, include=industry.ALWAYS_SHOWN)
    shown = industry.industry_table(profile, 15, include=industry.ALWAYS_SHOWN)
    assert list(rows["naics"].astype(str)) == list(shown["NAICS"])
    assert {"a_mean_status", "tot_emp_status", "top_code_annual", "year", "occ_code"} <= set(rows.columns)
    assert {"year", "occ_code", "top_code_annual"} <= set(industry.unpublished(profile).columns)

    series = trends.national_series(frame, [OCCUPATION])
    for measure in YEAR_TABLE_MEASURES:
        long = year_by_year_data(trends.with_real_wages(series), measure)
        wide = year_by_year_table(trends.with_real_wages(series), measure)
        assert len(long) == len(series) and set(long["series"]) == set(wide.columns[1:])
        assert measure in long.columns
    latest = year_by_year_data(series, "a_mean").set_index(["series", "year"]).loc[(OCCUPATION, year)]
    assert latest["a_mean"] == float(latest_row["a_mean"]) and "a_mean_status" in latest.index

    compared = compare.side_by_side(frame, occupation=OCCUPATION, year=year, areas=["99"])
    assert set(compare.wage_rows(compared)["measure"]) == {m for m in compared["measure"] if m[:2] in ("a_", "h_")}


def test_rank_changes_keep_the_release_occupation_and_the_published_status(latest_row):
    year = int(latest_row["year"])
    frame = store.load(occ_codes=[OCCUPATION], years=[year])
    states = regional.state_ranking(frame, occupation=OCCUPATION, year=year, measure="a_mean")
    rpp = bea_rpp.read_rpp()
    adjusted = regional.rank_areas(
        cost_of_living.adjust_estimates(
            regional.estimates(frame, occupation=OCCUPATION, year=year, measure="a_mean", area_types=[geography.STATE]),
            rpp,
            choice=cost_of_living.choose_rpp_year(rpp, year),
        )
    )
    changes = cost_of_living.rank_changes(states, adjusted)
    expected_columns = {"year", "occ_code", "measure", "nominal_status", "nominal_top_code", "tot_emp_status"}
    assert expected_columns <= set(changes.columns)
    california = changes.set_index("area").loc["06"]
    expected = states.set_index("area").loc["06"]
    assert california["nominal_value"] == expected["value"] and int(california["year"]) == year
