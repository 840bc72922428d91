"""Limits checked before any reader allocates (sources/bounds.py): a workbook's used range, a CSV's width, formula
cells without values, XML with a DTD. Hostile files are SYNTHETIC (tests/helpers/hostile_files.py); BLS's own
workbooks are read in place from data/raw/national."""

from __future__ import annotations

import resource
import zipfile

import numpy as np
import openpyxl
import pytest

import hostile_files
from analysis import read_oews
from analysis.errors import NotBLSDataError, OEWSInputError
from analysis.sources import bounds


def _range(xml: bytes) -> bounds.UsedRange:
    used = bounds.UsedRange()
    bounds._scan_block(xml, used)
    return used


def test_the_scan_finds_the_first_and_last_row_and_column():
    xml = hostile_files.sheet_xml([["a", "b"], ["c", None, "e"]], extra='<row r="907"><c r="AB907"><v>1</v></c></row>')
    used = _range(xml.encode())
    assert (used.first_row, used.last_row, used.first_column, used.last_column) == (1, 907, 1, 28)
    assert used.columns == 28 and used.rows == 907


def test_references_in_any_order_and_of_every_length():
    cells = ["XFD1048576", "A1", "ZZ99", "B7", "AAA1000000"]
    xml = "<sheetData>" + "".join(f'<c r="{c}"><v>1</v></c>' for c in cells) + "</sheetData>"
    used = _range(xml.encode())
    assert (used.first_row, used.last_row) == (1, 1048576)
    assert (used.first_column, used.last_column) == (1, bounds.column_number("XFD")) == (1, 16384)


@pytest.mark.parametrize("reference", ["a1", "ABCD1", "A12345678", "A", "A1B"])
def test_a_malformed_reference_at_an_edge_is_named(reference):
    xml = f'<sheetData><c r="B2"><v>1</v></c><c r="{reference}"><v>1</v></c></sheetData>'
    used = _range(xml.encode())
    assert used.malformed is not None or (used.first_row, used.last_row) == (2, 2)


def test_column_names_and_numbers():
    for number in (1, 26, 27, 52, 256, 702, 703, 16384):
        assert bounds.column_number(bounds.column_name(number)) == number
    assert bounds.column_name(16384) == "XFD" and hostile_files.column_letters(16384) == "XFD"
    assert [bounds.column_number(c) for c in ("A", "Z", "AA", "AF", "XFD")] == [1, 26, 27, 32, 16384]


def test_the_vectorised_scan_agrees_with_a_plain_parse():
    """SYNTHETIC random references against a regular expression."""
    import re

    rng = np.random.default_rng(7)
    rows = rng.integers(1, 1_048_577, 2_000)
    columns = rng.integers(1, 16_385, 2_000)
    xml = "".join(f'<c r="{bounds.column_name(c)}{r}"><v>0</v></c>' for r, c in zip(rows, columns))
    used = _range(xml.encode())
    found = [(bounds.column_number(a), int(b)) for a, b in re.findall(r'r="([A-Z]+)(\d+)"', xml)]
    assert used.last_row == max(r for _, r in found) and used.first_row == min(r for _, r in found)
    assert used.last_column == max(c for c, _ in found) and used.first_column == min(c for c, _ in found)


def test_bls_workbooks_pass(oews_files):
    for path in sorted(oews_files.glob("national_M20*_dl.xlsx")):
        bounds.check_workbook(path, str(path))


@pytest.mark.parametrize(
    ("cell", "words"),
    [("XFD1048576", "16,384 columns"), ("GR1048576", "209,715,200 cells"), ("A1048576", "64 times")],
)
def test_a_far_cell_is_refused_naming_file_sheet_and_range(tmp_path, cell, words):
    """The range named runs from A1 to the far cell's row and the widest column (T: the header's 20 fields)."""
    path = hostile_files.far_cell_workbook(tmp_path / "national_M2023_dl.xlsx", cell)
    with pytest.raises(NotBLSDataError) as caught:
        bounds.check_workbook(path, str(path))
    message = str(caught.value)
    assert str(path) in message and "sheet 'national_M2023_dl'" in message and words in message
    assert f"to {max(cell.rstrip('0123456789'), 'T', key=bounds.column_number)}1048576" in message


def test_cells_without_references_count_towards_the_width(tmp_path):
    """A row of 300 cells written without ``r=``: a reader places them one after another, 300 columns wide."""
    xml = hostile_files.sheet_xml([hostile_files.HEADER], extra='<row r="2">' + "<c><v>1</v></c>" * 300 + "</row>")
    path = hostile_files.write_workbook(tmp_path / "national_M2023_dl.xlsx", {"national_M2023_dl": xml})
    with pytest.raises(NotBLSDataError, match="columns"):
        bounds.check_workbook(path, str(path))


def test_a_formula_without_value_is_named_and_one_with_its_value_is_read(tmp_path):
    path = hostile_files.formula_workbook(tmp_path / "national_M2023_dl.xlsx")
    with pytest.raises(NotBLSDataError, match=r"sheet 'national_M2023_dl': cell G3 holds a formula without its value"):
        bounds.check_workbook(path, str(path))
    cached = hostile_files.formula_workbook(tmp_path / "cached.xlsx", cached=True)
    bounds.check_workbook(cached, str(cached))


def test_an_empty_cached_value_is_no_value():
    """openpyxl writes an uncomputed formula's value as ``<v />``; other tools as ``<v></v>``."""
    assert bounds._uncached_formula(b'<c r="D2"><f>C2*500</f><v /></c>') == "D2"
    assert bounds._uncached_formula(b'<c r="D2"><f>C2*500</f><v></v></c>') == "D2"
    assert bounds._uncached_formula(b'<c r="D2"><f>C2*500</f><v>50000</v></c>') is None


def test_a_dtd_in_any_part_is_refused(tmp_path):
    sheet = hostile_files.sheet_xml([hostile_files.HEADER])
    path = hostile_files.write_workbook(tmp_path / "x.xlsx", {"s": sheet}, prolog=hostile_files.billion_laughs(3))
    with pytest.raises(NotBLSDataError, match=r"part xl/workbook.xml declares a document type.*billion laughs"):
        bounds.check_workbook(path, str(path))


def test_what_is_not_a_readable_zip_is_left_to_the_readers(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"not a zip")
    bounds.check_workbook(tmp_path / "a.xlsx", "a.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx", "w") as archive:
        archive.writestr("readme.txt", "SYNTHETIC")
    bounds.check_workbook(tmp_path / "b.xlsx", "b.xlsx")


def test_a_csv_line_of_too_many_fields_is_refused_before_it_is_split():
    bounds.check_line_width(["a,b,c", "1\t2"], "x.csv")
    with pytest.raises(NotBLSDataError, match=r"x.csv', row 2: .*257 fields"):
        bounds.check_line_width(["a,b", "," * 256], "x.csv")


def test_a_rust_panic_becomes_one_line_naming_the_file():
    class PanicException(BaseException):  # the name pyo3 gives a Rust panic
        pass

    expected = r"file 'x.xlsx': the spreadsheet reader failed.*index out of bounds"
    with pytest.raises(NotBLSDataError, match=expected), bounds.reader_panics("x.xlsx"):
        raise PanicException("index out of bounds\nstack backtrace: ...")
    with pytest.raises(KeyboardInterrupt), bounds.reader_panics("x.xlsx"):
        raise KeyboardInterrupt


def test_a_big_part_is_scanned_block_by_block_as_isa_l_inflates_it(tmp_path):
    """SYNTHETIC: 250,000 rows (about 11 MB of sheet XML, more than one scan block), then one cell at XFD1048576."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(2, 250_002))
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    sheet = hostile_files.sheet_xml([hostile_files.HEADER], extra=rows)
    assert len(sheet) > bounds._SCAN_BLOCK
    good = hostile_files.write_workbook(tmp_path / "good.xlsx", {"national_M2023_dl": sheet})
    bounds.check_workbook(good, "good.xlsx")
    bad = hostile_files.write_workbook(tmp_path / "bad.xlsx", {"national_M2023_dl": sheet.replace(rows, rows + far)})
    with pytest.raises(NotBLSDataError, match=r"cells from A1 to XFD1048576: 16,384 columns"):
        bounds.check_workbook(bad, "bad.xlsx")


@pytest.mark.parametrize(
    "extra",
    [
        "",
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',  # one far cell in the last block
        '<row r="9"><c r="ABCD9"><v>1</v></c></row>',  # a malformed reference (at an edge: the widest)
        '<row r="9"><c r="C9"><f>A1+1</f></c></row>',  # a formula without its value
        '<row r="9"><c><v>1</v></c><c><v>2</v></c></row>',  # cells without references
    ],
)
def test_a_part_scanned_on_two_threads_finds_what_one_thread_finds(tmp_path, monkeypatch, extra):
    """SYNTHETIC: 40,000 rows in blocks of 64 KB, so the part is scanned as some forty blocks on two threads."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(2, 40_002))
    sheet = hostile_files.sheet_xml([hostile_files.HEADER], extra=rows + extra)
    path = hostile_files.write_workbook(tmp_path / "book.xlsx", {"national_M2023_dl": sheet})
    monkeypatch.setattr(bounds, "_SCAN_BLOCK", 1 << 16)
    results = {}
    for threshold in (1 << 60, 0):  # one thread, then two
        monkeypatch.setattr(bounds, "_THREADED_BYTES", threshold)
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/worksheets/sheet1.xml")
            assert info.file_size > 40 * bounds._SCAN_BLOCK
            results[threshold] = bounds._scan_member(archive, info)
    assert results[0] == results[1 << 60]
    used, loose_cells, _ = results[0]
    assert used.rows >= 40_001 and (used.malformed is not None) == ("ABCD9" in extra)
    assert (used.uncached_formula == "C9") == ("<f>" in extra) and (loose_cells == 2) == ("<c>" in extra)


# ------------------------------------------------------------------------- workbooks as a spreadsheet tool writes them
def _openpyxl_far_cell_workbook(path, cell: str):
    """SYNTHETIC: a header and one row written by openpyxl (with its ``<dimension>``), then one cell far away."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "national_M2023_dl"
    sheet.append(["OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEAN"])
    sheet.append(["29-2072", "Medical Records Specialists", 100, 50000])
    sheet[cell] = 1
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "words"),
    [("GR1048576", "209,715,200 cells"), ("BH1048576", "62,914,560 cells"), ("XFD1048576", "16,384 columns")],
)
def test_read_oews_refuses_a_far_cell_in_one_line_before_any_reader_allocates(tmp_path, cell, words):
    """Column GR drove the reader past 4 GB, column BH to 3.8 GB, column XFD aborted the process."""
    path = _openpyxl_far_cell_workbook(tmp_path / "national_M2023_dl.xlsx", cell)
    assert path.stat().st_size < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(OEWSInputError, match="used range is larger than any BLS table") as caught:
        read_oews(path)
    message = str(caught.value)
    assert words in message and path.name in message and "\n" not in message and len(message) < 600
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 1_000_000  # KB: under 1 GB more


def test_a_lying_dimension_is_caught_by_the_cell_scan(tmp_path):
    path = _openpyxl_far_cell_workbook(tmp_path / "national_M2023_dl.xlsx", "XFD1048576")
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                assert b'<dimension ref="A1:XFD1048576" />' in data
                data = data.replace(b'<dimension ref="A1:XFD1048576" />', b'<dimension ref="A1:D2" />')
            target.writestr(info, data)
    with pytest.raises(NotBLSDataError, match="16,384 columns"):
        bounds.check_workbook(patched, "patched.xlsx")


def test_read_oews_refuses_a_csv_of_three_million_columns(tmp_path):
    path = tmp_path / "national_M2016_dl.csv"
    path.write_text("OCC_CODE," + ",".join("x" for _ in range(3_000_000)) + "\n29-2072,1\n")  # SYNTHETIC
    with pytest.raises(OEWSInputError, match="3,000,001 fields") as caught:
        read_oews(path)
    assert path.name in str(caught.value) and len(str(caught.value)) < 600


def test_read_oews_names_sheet_and_cell_of_a_formula_openpyxl_wrote_without_its_value(tmp_path):
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
