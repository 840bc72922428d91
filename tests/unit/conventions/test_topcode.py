"""BLS's top codes (:mod:`analysis.conventions.topcode`): the bound behind the ``#`` symbol, read from a file's own
notes (its "Field Descriptions" sheet, or BLS's separate field_descriptions.xlsx), checked on the real national files
in data/raw/national.
"""

from __future__ import annotations

import pytest
import python_calamine

import analysis
from analysis.conventions.topcode import (
    PUBLISHED_TOP_CODES,
    parse_field_descriptions,
    parse_top_code,
)


def test_field_descriptions_of_may_2018(oews_files):
    workbook = python_calamine.CalamineWorkbook.from_path(str(oews_files / "field_descriptions.xlsx"))
    rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    notes = parse_field_descriptions(rows)
    assert notes.year == 2018
    assert notes.year_text == "May 2018 OES Estimates"
    # field_descriptions.xlsx: "# = indicates a wage that is equal to or greater than $100.00 per hour or
    # $208,000 per year"
    assert (notes.top_code.hourly, notes.top_code.annual) == (100.0, 208_000.0)


def test_top_code_line_variants():
    assert (
        parse_top_code("#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year ").annual
        == 239_200.0
    )
    assert parse_top_code("*  = indicates that a wage estimate is not available") is None
    assert parse_top_code("Mean hourly wage") is None


@pytest.mark.parametrize("year", range(2019, 2025))
def test_top_code_columns_come_from_the_files_own_notes(oews_files, year):
    frame = analysis.read_oews(oews_files / f"national_M{year}_dl.xlsx")
    workbook = python_calamine.CalamineWorkbook.from_path(str(oews_files / f"national_M{year}_dl.xlsx"))
    notes = parse_field_descriptions(workbook.get_sheet_by_name("Field Descriptions").to_python())
    assert notes.year == year
    assert frame["top_code_hourly"].unique().tolist() == [notes.top_code.hourly]
    assert frame["top_code_annual"].unique().tolist() == [notes.top_code.annual]
    assert PUBLISHED_TOP_CODES[year].hourly == notes.top_code.hourly


def test_year_without_notes_and_table_entry_has_no_bound(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2016_dl.csv")
    assert frame["top_code_hourly"].isna().all() and frame["top_code_annual"].isna().all()
    # national_M2018_dl.xlsx has no notes sheet: the bound comes from BLS's May 2018 field_descriptions.xlsx.
    frame = analysis.read_oews(oews_files / "national_M2018_dl.xlsx")
    assert frame["top_code_hourly"].unique().tolist() == [100.0]
