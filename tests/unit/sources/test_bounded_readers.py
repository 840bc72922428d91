"""Bounded readers (hostile-input probe, round two): a small workbook whose used range is huge (one cell far away)
and a CSV of millions of columns are refused in one line naming the file, before any reader allocates for them.
SYNTHETIC files."""

from __future__ import annotations

import resource
import zipfile

import openpyxl
import pytest

from analysis import read_oews
from analysis.errors import OEWSInputError
from analysis.sources import bounds


def _far_cell_workbook(path, cell: str):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "national_M2023_dl"
    sheet.append(["OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEAN"])
    sheet.append(["29-2072", "Medical Records Specialists", 100, 50000])
    sheet[cell] = 1
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "what"), [("GR1048576", "200 columns"), ("BH1048576", "60 columns"), ("XFD1048576", "16,384 columns")]
)
def test_a_workbook_with_a_far_cell_is_refused_before_reading(tmp_path, cell, what):
    path = _far_cell_workbook(tmp_path / "national_M2023_dl.xlsx", cell)
    assert path.stat().st_size < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(OEWSInputError, match=f"worksheet spanning {what}") as caught:
        read_oews(path)
    message = str(caught.value)
    assert path.name in message and "\n" not in message and len(message) < 600
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 1_000_000  # KB: under 1 GB more


def test_a_lying_dimension_is_caught_by_the_cell_scan(tmp_path):
    path = _far_cell_workbook(tmp_path / "national_M2023_dl.xlsx", "XFD1048576")
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:D2"/>')
            target.writestr(info, data)
    with pytest.raises(OEWSInputError, match="16,384 columns"):
        bounds.check_workbook(patched, label="patched.xlsx")


def test_a_csv_of_three_million_columns_is_refused(tmp_path):
    path = tmp_path / "national_M2016_dl.csv"
    path.write_text("OCC_CODE," + ",".join("x" for _ in range(3_000_000)) + "\n29-2072,1\n")
    with pytest.raises(OEWSInputError, match="3,000,001 fields") as caught:
        read_oews(path)
    assert path.name in str(caught.value) and len(str(caught.value)) < 600


def test_column_letters():
    assert [bounds.column_number(c) for c in ("A", "Z", "AA", "AF", "XFD")] == [1, 26, 27, 32, 16384]


def test_a_formula_cell_without_its_value_is_refused_naming_sheet_and_cell(tmp_path):
    workbook = openpyxl.Workbook()  # openpyxl stores formulas without computing them, as many tools do
    sheet = workbook.active
    sheet.title = "national_M2023_dl"
    sheet.append(["OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEAN"])
    sheet.append(["29-2072", "Medical Records Specialists", 100, "=C2*500"])  # SYNTHETIC
    path = tmp_path / "national_M2023_dl.xlsx"
    workbook.save(path)
    with pytest.raises(OEWSInputError, match="cell D2 holds a formula without its value") as caught:
        read_oews(path)
    assert "sheet 'national_M2023_dl'" in str(caught.value) and path.name in str(caught.value)
