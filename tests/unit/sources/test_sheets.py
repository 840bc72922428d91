"""Finding the data in a workbook (:mod:`analysis.sources.sheets`): the header row, and the "Field Descriptions"
sheet that is not data, on BLS's real national_M2024_dl.xlsx (data/raw/national, read in place)."""

from __future__ import annotations

import pytest
import python_calamine

from analysis.sources import sheets
from real_files import NATIONAL_DIR


@pytest.fixture(scope="module")
def workbook_2024() -> dict[str, list[list]]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(NATIONAL_DIR / "national_M2024_dl.xlsx"))
    return {name: workbook.get_sheet_by_name(name).to_python()[:30] for name in workbook.sheet_names}


def test_bls_sheets_of_the_2024_file(workbook_2024):
    assert list(workbook_2024) == ["national_M2024_dl", "Field Descriptions", "UpdateTime", "Filler"]


def test_the_data_sheet_has_its_header_on_the_first_row(workbook_2024):
    assert sheets.header_index(workbook_2024["national_M2024_dl"]) == 0


def test_the_field_descriptions_sheet_is_not_data_though_it_names_occ_code(workbook_2024):
    notes = workbook_2024["Field Descriptions"]
    assert sheets.header_index(notes) is None
    assert sheets.is_field_description_sheet("Field Descriptions", notes)
    assert sheets.is_field_description_sheet("Sheet2", notes)  # found by its "Field" / "Field Description" row
    assert not sheets.is_field_description_sheet("national_M2024_dl", workbook_2024["national_M2024_dl"])


def test_a_header_below_title_lines_is_found_and_one_too_deep_is_not():
    # SYNTHETIC: title lines above a header row, as some BLS CSV exports have
    header = ["OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEAN"]
    assert sheets.header_index([["May 2031 estimates"], [], header]) == 2
    assert sheets.header_index([[]] * sheets.HEADER_SEARCH_ROWS + [header]) is None
    assert sheets.header_index([["OCC_CODE", "Some note"]]) is None  # one OEWS name is not a header
