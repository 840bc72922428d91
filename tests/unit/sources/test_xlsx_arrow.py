"""The fast workbook reader (:mod:`analysis.sources.xlsx_arrow`) reads what the reference reader
(:func:`analysis.sources.special_request.read_special_request`) reads: BLS's national files in data/raw/national,
workbooks inside archives, BLS symbols after the first 1,000 rows, and the same one-line error for a bad cell.
The workbooks written here are SYNTHETIC, in the layout of BLS's all-data workbooks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import OEWSInputError
from analysis.sources import xlsx_arrow
from analysis.sources.special_request import read_special_request
from devtools import bench, bench_inputs
from synthetic_wheel import synthetic_bench_inputs


@pytest.mark.parametrize("year", [2019, 2021, 2024])
def test_fast_workbook_reader_on_real_bls_files(oews_files, year):
    path = oews_files / f"national_M{year}_dl.xlsx"
    fast = xlsx_arrow.read_workbook_fast(path)
    pd.testing.assert_frame_equal(fast, read_special_request(path))
    assert len(xlsx_arrow._read_fast(path, name=str(path), year=None)) == len(fast)  # the fast path is taken
    assert (fast["a_pct90_status"] == "top_coded").any()  # '#' in BLS's file


def _workbook_with_late_symbols(path: Path, rows: int = 1200) -> Path:
    """A SYNTHETIC all-data workbook whose H_MEAN is numeric for its first 1,150 rows and '*' after."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("All May 2025 data")
    sheet.write_row(0, 0, bench_inputs.WORKBOOK_COLUMNS)
    for r in range(1, rows + 1):
        values = [
            "99",
            "U.S.",
            "1",
            "US",
            "000000",
            "Cross-industry",
            "cross-industry",
            "1235",
            f"{10 + r // 10000:02d}-{r % 10000:04d}",
            f"Synthetic occupation {r}",
            "detailed",
            1000 + r,
            1.5,
            None,
            None,
            None,
            None,
            25.5 if r <= 1150 else "*",
            53040,
            1.2,
        ]
        values += [20.0 + i for i in range(5)] + [41600 + i for i in range(5)] + [None, None]
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return path


def test_symbols_survive_where_type_guessing_loses_them(tmp_path):
    """fastexcel guesses a column's type from its first 1,000 rows and turns later '*' into nulls; the fast
    reader reads every column as text and keeps them."""
    import fastexcel

    path = _workbook_with_late_symbols(tmp_path / "all_data_M_2025.xlsx")
    guessed = fastexcel.read_excel(str(path)).load_sheet(0).to_arrow().column("H_MEAN")
    assert guessed.null_count == 50  # the symbols silently became nulls
    fast = xlsx_arrow.read_workbook_fast(path)
    assert (fast["h_mean_status"] == "wage_not_available").sum() == 50
    assert fast["h_mean"].notna().sum() == 1150
    pd.testing.assert_frame_equal(fast, read_special_request(path))


def test_fast_path_for_archive_members(tmp_path, oews_files):
    """read_member_fast reads a workbook inside a zip archive (as BLS distributes them) like read_oews does."""
    import zipfile

    from analysis.sources import read_oews

    archive = tmp_path / "oesm24nat.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(oews_files / "national_M2024_dl.xlsx", "oesm24nat/national_M2024_dl.xlsx")
    expected = read_oews(archive)
    from analysis.sources.archives import inventory

    with inventory(archive) as found:
        (member,) = found.spreadsheets
        frame = xlsx_arrow.read_member_fast(member)
    assert frame is not None
    from analysis.conventions.schema import conform

    pd.testing.assert_frame_equal(conform(frame.drop(columns=["_row"])), expected)


def test_implausible_number_is_reported_like_the_reference(tmp_path):
    path = _workbook_with_late_symbols(tmp_path / "all_data_M_2025.xlsx", rows=3)
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active["W3"] = 9999.0  # H_MEDIAN above H_PCT75 and beyond any hourly wage (synthetic)
    book.save(path)
    with pytest.raises(OEWSInputError) as fast_error:
        xlsx_arrow.read_workbook_fast(path)
    with pytest.raises(OEWSInputError) as reference_error:
        read_special_request(path)
    assert str(fast_error.value) == str(reference_error.value)


def test_bad_cell_is_reported_like_the_reference(tmp_path):
    import xlsxwriter

    path = tmp_path / "all_data_M_2025.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("data")
    sheet.write_row(0, 0, bench_inputs.WORKBOOK_COLUMNS)
    sheet.write_row(
        1,
        0,
        [
            "99",
            "U.S.",
            "1",
            "US",
            "000000",
            "Cross-industry",
            "cross-industry",
            "1235",
            "29-2072",
            "Medical Records Specialists",
            "detailed",
            "n/a",
        ],
    )
    workbook.close()
    with pytest.raises(OEWSInputError) as fast_error:
        xlsx_arrow.read_workbook_fast(path)
    with pytest.raises(OEWSInputError) as reference_error:
        read_special_request(path)
    assert str(fast_error.value) == str(reference_error.value)
    assert "n/a" in str(fast_error.value) and "TOT_EMP" in str(fast_error.value)


@pytest.fixture()
def synthetic_inputs(tmp_path: Path) -> bench_inputs.BenchInputs:
    """The benchmark's SYNTHETIC all-data workbook (every BLS symbol in it), see tests/helpers/synthetic_wheel.py."""
    return synthetic_bench_inputs(tmp_path)


def test_fast_workbook_reader_equals_reference(synthetic_inputs):
    fast = xlsx_arrow.read_workbook_fast(synthetic_inputs.workbook)
    pd.testing.assert_frame_equal(fast, read_special_request(synthetic_inputs.workbook))
    counts = bench._symbol_counts(fast)
    assert counts == synthetic_inputs.workbook_symbols
    assert counts["#"] > 0 and counts["*"] > 0 and counts["**"] > 0
