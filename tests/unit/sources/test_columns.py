"""Header and cell helpers of the spreadsheet readers (:mod:`analysis.sources.columns`), on the headers of BLS's
real national files (data/raw/national, read in place); the cells of the last tests are SYNTHETIC."""

from __future__ import annotations

import pandas as pd
import python_calamine

from analysis.sources import columns
from real_files import NATIONAL_DIR


def _header(name: str) -> list[object]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(NATIONAL_DIR / name))
    return workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()[0]


def test_the_2024_header_maps_one_to_one_onto_canonical_names():
    header = _header("national_M2024_dl.xlsx")  # AREA, AREA_TITLE, ..., OCC_CODE, ..., ANNUAL, HOURLY
    names = columns.canonical_names(header)
    assert names == [str(cell).lower() for cell in header]
    assert columns.kind_from_columns(names) == "all_data"  # area, area_type and naics: the all-data layout


def test_the_2011_group_column_is_the_occupation_group_and_the_file_is_national():
    names = columns.canonical_names(_header("national_M2011_dl.xls"))  # OCC_CODE, OCC_TITLE, GROUP, TOT_EMP, ...
    assert names[:4] == ["occ_code", "occ_title", "o_group", "tot_emp"]
    assert columns.kind_from_columns(names) == "national"


def test_the_second_occ_code_column_of_may_2018_is_left_out():
    # national_M2018_dl.xlsx: OCC_CODE, OCC_TITLE, OCC_CODE, OCC_GROUP, ... (the third column holds other text)
    names = columns.canonical_names(_header("national_M2018_dl.xlsx"))
    assert names[:4] == ["occ_code", "occ_title", None, "o_group"]


def test_cells_become_trimmed_text_and_codes_stored_as_numbers_lose_the_point_zero():
    # SYNTHETIC cells: Excel stores the ownership code 1235 as a number
    assert columns.as_text(pd.Series([1235.0, " 29-2072 ", "", None, "06"], dtype=object)).tolist() == [
        "1235",
        "29-2072",
        pd.NA,
        pd.NA,
        "06",
    ]


def test_state_codes_convert_both_ways():
    assert columns.state_postal(pd.Series(["06", "72", "11"])).tolist() == ["CA", "PR", "DC"]
    assert columns.state_fips(pd.Series(["OH", "PR"])).tolist() == ["39", "72"]
