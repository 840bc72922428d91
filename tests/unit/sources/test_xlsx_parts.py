"""``xlsx_parts.load_sheet_text``: a big sheet read in parts on two threads gives exactly the table (and so the
canonical frame) that the one-piece fastexcel read gives, and anything unusual falls back to the one-piece read.

The workbooks written here are SYNTHETIC (made up in this file, laid out like BLS's all-data workbook); the real
checks read BLS's national files in data/raw/national in place.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow as pa
import pytest

from analysis.errors import OEWSInputError
from analysis.sources import xlsx_arrow, xlsx_parts
from devtools import bench_inputs

pytestmark = pytest.mark.xdist_group("xlsx_parts")

SHARES = [(0.5, 0.5), (0.3, 0.3, 0.4), xlsx_parts.PART_SHARES, (0.05, 0.15, 0.2, 0.2, 0.2, 0.2)]
#: Cells a row of the synthetic workbook cycles through: BLS's symbols, blanks and numbers.
SYNTHETIC_CELLS = ["*", "**", "#", "~", None, 12.5, 40210, " 7 "]


def synthetic_us_row(r: int, occ_code: str) -> list:
    """The first 11 cells (AREA .. O_GROUP) of a SYNTHETIC U.S. cross-industry row numbered ``r``."""
    return ["99", "U.S.", 1, "US", "000000", "Cross-industry", "cross-industry", 1235, occ_code,
            f"Synthetic occupation {r}", "detailed"]  # fmt: skip


def synthetic_all_data_workbook(
    path: Path, rows: int = 900, *, constant_memory: bool = True, merged: bool = False
) -> Path:
    """A SYNTHETIC all-data workbook (BLS's 32 columns): U.S. rows, one occupation per row, value cells cycling
    through '*', '**', '#', '~', blanks and numbers (so every cut lands near symbols and blanks); inline strings
    with ``constant_memory`` (as the benchmark workbook), shared strings otherwise (as Excel writes)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": constant_memory})
    sheet = workbook.add_worksheet("All May 2025 data")
    sheet.write_row(0, 0, bench_inputs.WORKBOOK_COLUMNS)
    for r in range(1, rows + 1):
        sheet.write_row(r, 0, synthetic_us_row(r, f"{11 + r // 10000:02d}-{r % 10000:04d}"))
        employment = SYNTHETIC_CELLS[r % len(SYNTHETIC_CELLS)]
        if employment not in ("#", None):
            sheet.write(r, 11, employment if employment != 40210 else 1000 + r)
        sheet.write(r, 12, 2.5)
        wage = SYNTHETIC_CELLS[(r * 3) % len(SYNTHETIC_CELLS)]
        for c in range(17, 30):  # H_MEAN, A_MEAN, MEAN_PRSE, H_PCT10..90, A_PCT10..90 (percentiles in order)
            if wage in (12.5, 40210):
                sheet.write(r, c, 1.5 if c == 19 else 20000.0 + 100 * c if c in (18, *range(25, 30)) else 10.0 + c)
            elif wage is not None and wage != " 7 ":
                sheet.write(r, c, wage)
    if merged:
        sheet.merge_range(rows + 2, 0, rows + 2, 3, "")
    workbook.close()
    return path


def one_piece(source, sheet) -> pa.Table:
    batch = fastexcel.read_excel(source).load_sheet(sheet, header_row=None, dtypes="string").to_arrow()
    table = pa.Table.from_batches([batch])
    return table.cast(pa.schema([pa.field(n, pa.string()) for n in table.column_names]))


@pytest.fixture
def parts_always(monkeypatch):
    """Every sheet of every workbook is read in parts (the thresholds are for the 57 MB workbook)."""
    monkeypatch.setattr(xlsx_parts, "MIN_FILE_BYTES", 0)
    monkeypatch.setattr(xlsx_parts, "MIN_SHEET_BYTES", 0)


def read_in_one_piece(path, monkeypatch) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_parts, "MIN_FILE_BYTES", 10**15)
        return xlsx_arrow.read_workbook_fast(path, validate=False)


@pytest.mark.parametrize("constant_memory", [True, False], ids=["inline-strings", "shared-strings"])
@pytest.mark.parametrize("shares", SHARES, ids=str)
def test_parts_equal_one_piece_on_synthetic_workbook(tmp_path, constant_memory, shares):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", constant_memory=constant_memory)
    table = xlsx_parts.load_sheet_text(path, "All May 2025 data", min_bytes=0, shares=shares)
    assert table is not None  # the parts path was taken
    assert table.equals(one_piece(str(path), "All May 2025 data"))
    assert table.num_rows == 901
    assert table.column(11).to_pylist()[1:9] == ["**", None, "~", None, "12.5", "1006", " 7 ", "*"]


@pytest.mark.parametrize("shares", SHARES, ids=str)
def test_same_canonical_frame_as_read_workbook_fast(tmp_path, monkeypatch, parts_always, shares):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx")
    monkeypatch.setattr(xlsx_parts, "PART_SHARES", shares)
    calls = []
    real = xlsx_parts._load_in_parts
    monkeypatch.setattr(xlsx_parts, "_load_in_parts", lambda *a: calls.append(a) or real(*a))
    in_parts = xlsx_arrow.read_workbook_fast(path, validate=False)
    assert calls
    expected = read_in_one_piece(path, monkeypatch)
    pd.testing.assert_frame_equal(in_parts, expected)
    statuses = in_parts["h_mean_status"].value_counts()
    assert statuses["wage_not_available"] > 0 and statuses["top_coded"] > 0
    assert (in_parts["tot_emp_status"] == "employment_not_available").sum() > 0


def test_bytes_source(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", constant_memory=False)
    data = path.read_bytes()
    table = xlsx_parts.load_sheet_text(data, "All May 2025 data", min_bytes=0)
    assert table is not None and table.equals(one_piece(data, "All May 2025 data"))


@pytest.mark.parametrize("year", [2019, 2024])
def test_real_national_files_read_in_parts_equal_one_piece(oews_files, monkeypatch, parts_always, year):
    path = oews_files / f"national_M{year}_dl.xlsx"  # BLS's file, read in place
    data_sheet = next(s for s in fastexcel.read_excel(str(path)).sheet_names if "field" not in s.lower())
    table = xlsx_parts.load_sheet_text(path, data_sheet, min_bytes=0)
    assert table is not None  # Excel's shared strings and row attributes take the parts path too
    assert table.equals(one_piece(str(path), data_sheet))
    in_parts = xlsx_arrow.read_workbook_fast(path, validate=False)
    pd.testing.assert_frame_equal(in_parts, read_in_one_piece(path, monkeypatch))
    assert (in_parts["a_pct90_status"] == "top_coded").any()  # '#' in BLS's file


def test_small_sheets_are_left_to_the_one_piece_read(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=50)
    assert xlsx_parts.load_sheet_text(path, "All May 2025 data") is None  # below MIN_FILE_BYTES


def test_unusual_inputs_fall_back_without_exceptions(tmp_path, monkeypatch, parts_always):
    assert xlsx_parts.load_sheet_text(b"not a zip archive", "Sheet1", min_bytes=0) is None
    assert xlsx_parts.load_sheet_text(tmp_path / "missing.xlsx", "Sheet1", min_bytes=0) is None
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx")
    assert xlsx_parts.load_sheet_text(path, "No such sheet", min_bytes=0) is None
    assert xlsx_parts.load_sheet_text(path, "All May 2025 data", min_bytes=0, shares=(1.0, 0.0)) is None
    merged = synthetic_all_data_workbook(tmp_path / "merged.xlsx", merged=True)
    assert xlsx_parts.load_sheet_text(merged, "All May 2025 data", min_bytes=0) is None
    # A fastexcel failure inside a part is caught too.
    monkeypatch.setattr(xlsx_parts, "_read_text", lambda path: 1 / 0)
    assert xlsx_parts.load_sheet_text(path, "All May 2025 data", min_bytes=0) is None
    monkeypatch.undo()
    assert xlsx_parts.load_sheet_text(path, "All May 2025 data", min_bytes=0) is not None


def _without_row_numbers(path: Path) -> bytes:
    """The workbook with ``r="..."`` removed from every row of the sheet (allowed by the format, unusual)."""
    import re

    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<row r="\d+"', b"<row", data)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_rows_without_numbers_and_gaps_at_a_cut_fall_back(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx")
    assert xlsx_parts.load_sheet_text(_without_row_numbers(path), "All May 2025 data", min_bytes=0) is None
    # An empty row before the cut: the parts would lose it, so the reader must not cut there.
    import xlsxwriter

    gap = tmp_path / "gap.xlsx"
    workbook = xlsxwriter.Workbook(gap, {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    for r in list(range(300)) + list(range(302, 600)):
        sheet.write_row(r, 0, [f"synthetic {r}", r, "*"])
    workbook.close()
    table = xlsx_parts.load_sheet_text(gap, "Data", min_bytes=0, shares=(0.5, 0.5))
    assert table is None or table.equals(one_piece(str(gap), "Data"))
    for shares in SHARES:
        table = xlsx_parts.load_sheet_text(gap, "Data", min_bytes=0, shares=shares)
        assert table is None or table.equals(one_piece(str(gap), "Data"))
        if table is not None:
            assert table.num_rows == 600 and table.column(0)[300].as_py() is None


def test_no_cut_after_an_empty_row():
    """The cut goes before the last row of a slice only when the row before it is complete and numbered one less
    (a part ending before an empty row would lose that row)."""
    rows = b'<row r="7"><c r="A7"><v>1</v></c></row><row r="8"><c r="A8"><v>2</v></c></row><row r="9"><c'
    assert xlsx_parts._cut(rows, 0, b"") == (rows.index(b'<row r="9"'), 9)
    gap = rows.replace(b'r="8"', b'r="5"').replace(b'"A8"', b'"A5"').replace(b'r="7"', b'r="4"')
    with pytest.raises(xlsx_parts.ReaderFallback):
        xlsx_parts._cut(gap, 0, b"")
    with pytest.raises(xlsx_parts.ReaderFallback):  # the row before is an empty <row .../>
        xlsx_parts._cut(b'<row r="7"><c r="A7"><v>1</v></c></row><row r="8"/><row r="9"><c', 0, b"")
    # The row before the cut may start in the previous slice.
    assert xlsx_parts._cut(b'</c></row><row r="9"><c', 0, b'<row r="8"><c r="A8">') == (10, 9)


def test_parts_go_to_disk_when_shared_memory_is_too_small():
    assert xlsx_parts._scratch_folder(10**18) is None  # the default temporary folder


def _with_directory_field(path: Path, offset: int, value: int, name: str) -> Path:
    """A copy of the workbook whose zip directory entry of the sheet holds ``value`` at ``offset`` (16: its CRC-32,
    24: its uncompressed size): a damaged or tampered file."""
    out = path.with_name(name)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    at = 0
    while True:  # the central directory entry of the sheet
        at = data.find(b"PK\x01\x02", at + 1)
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == info.filename.encode():
            break
    data[at + offset : at + offset + 4] = value.to_bytes(4, "little")
    out.write_bytes(bytes(data))
    return out


def _with_crc(path: Path, crc: int) -> Path:
    return _with_directory_field(path, 16, crc, "bad_crc.xlsx")


def test_inflater_reads_the_same_bytes_as_zipfile(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=3000)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        expected = archive.read(info)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        for sizes in ([1, 10, 1000], [len(expected) // 3, 7, 2**20], [0, 5, 3]):
            with xlsx_parts._sheet_stream(path, archive, info) as stream:
                assert isinstance(stream, xlsx_parts._Inflater)
                pieces = [stream.read(n) for n in sizes]
                pieces.append(stream.read())
                assert stream.read() == b"" and stream.read(10) == b""
            assert [len(p) for p in pieces[:-1]] == [min(n, len(expected)) for n in sizes][: len(pieces) - 1]
            assert b"".join(pieces) == expected


def test_a_sheet_whose_crc_does_not_match_falls_back(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=3000)
    with zipfile.ZipFile(path) as archive:
        crc = archive.getinfo("xl/worksheets/sheet1.xml").CRC
    damaged = _with_crc(path, crc ^ 0xFFFF)
    assert xlsx_parts.load_sheet_text(path, "All May 2025 data", min_bytes=0) is not None
    assert xlsx_parts.load_sheet_text(damaged, "All May 2025 data", min_bytes=0) is None


@pytest.fixture
def slices_always(monkeypatch):
    """Every body is converted in four slices on two threads (the threshold is for the all-data workbook)."""
    monkeypatch.setattr(xlsx_arrow, "SLICE_ROWS", 0)
    monkeypatch.setattr(xlsx_arrow, "SLICES", 4)


def test_slices_convert_to_the_same_frame(tmp_path, monkeypatch):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=901)
    whole = read_in_one_piece(path, monkeypatch)
    calls = []
    real = xlsx_arrow._convert
    monkeypatch.setattr(xlsx_arrow, "_convert", lambda body, names: calls.append(body.num_rows) or real(body, names))
    monkeypatch.setattr(xlsx_arrow, "SLICE_ROWS", 0)
    sliced = read_in_one_piece(path, monkeypatch)
    assert calls == [226, 226, 226, 223]
    pd.testing.assert_frame_equal(sliced, whole)


def test_a_bad_cell_in_the_last_slice_goes_to_the_general_reader(tmp_path, slices_always):
    import xlsxwriter

    path = tmp_path / "all_data_M_2025.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("All May 2025 data")
    sheet.write_row(0, 0, bench_inputs.WORKBOOK_COLUMNS)
    for r in range(1, 41):
        sheet.write_row(r, 0, [*synthetic_us_row(r, f"29-{2000 + r:04d}"), 100 + r])
    sheet.write(40, 11, "lots")  # SYNTHETIC: a value that is neither a number nor a BLS symbol, in the last slice
    workbook.close()
    calls = []
    real = xlsx_arrow._convert
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsx_arrow, "_convert", lambda body, names: calls.append(body.num_rows) or real(body, names))
        with pytest.raises(OEWSInputError) as raised:
            xlsx_arrow.read_workbook_fast(path)
    assert len(calls) == 4
    assert "lots" in str(raised.value) and "TOT_EMP" in str(raised.value).upper()


def test_parts_are_converted_on_the_thread_that_read_them(tmp_path, monkeypatch, parts_always):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=2000)
    expected = read_in_one_piece(path, monkeypatch)
    seen, sliced = [], []
    real_call = xlsx_arrow._PartConverter.__call__
    monkeypatch.setattr(
        xlsx_arrow._PartConverter, "__call__", lambda self, i, part: seen.append(i) or real_call(self, i, part)
    )
    real_slices = xlsx_arrow._convert_in_slices
    monkeypatch.setattr(xlsx_arrow, "_convert_in_slices", lambda *a: sliced.append(1) or real_slices(*a))
    frame = xlsx_arrow.read_workbook_fast(path, validate=False)
    assert sorted(seen) == list(range(len(xlsx_parts.PART_SHARES))) and seen[0] == 0
    assert not sliced  # nothing left to convert after the read
    pd.testing.assert_frame_equal(frame, expected)


def test_a_first_part_that_fails_fails_the_read_in_parts(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=2000)
    calls = []

    def then(index, part):
        calls.append(index)
        if index == 0:
            raise xlsx_parts.ReaderFallback("SYNTHETIC failure in the first part")
        return index

    assert xlsx_parts.load_sheet_parts(path, "All May 2025 data", then, min_bytes=0) is None
    assert calls == [0]  # no other part's ``then`` ran
    loaded = xlsx_parts.load_sheet_parts(path, "All May 2025 data", lambda i, part: (i, part.num_rows), min_bytes=0)
    assert loaded is not None
    table, results = loaded
    assert [i for i, _ in results] == list(range(len(xlsx_parts.PART_SHARES)))
    assert sum(rows for _, rows in results) == table.num_rows + len(results) - 1  # each later part repeats row 1


def test_stored_workbook_is_a_plain_zip_with_right_crcs(tmp_path):
    others = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": "<workbook name='Ä'/>".encode()}
    pieces = [b"<worksheet>", memoryview(b"<sheetData><row r='1'/>"), b"</sheetData></worksheet>"]
    path = xlsx_parts._stored_workbook(str(tmp_path), others, "xl/worksheets/sheet1.xml", pieces)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every CRC-32 right
        assert archive.namelist() == [*others, "xl/worksheets/sheet1.xml"]
        assert archive.read("xl/worksheets/sheet1.xml") == b"".join(bytes(p) for p in pieces)
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


def test_a_sheet_that_inflates_beyond_its_declared_size_is_refused_before_it_fills_memory(tmp_path):
    path = synthetic_all_data_workbook(tmp_path / "all_data_M_2025.xlsx", rows=3000)
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    lying = _with_directory_field(path, 24, size // 10, "declared_small.xlsx")  # SYNTHETIC: claims a tenth
    with zipfile.ZipFile(lying) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        with xlsx_parts._sheet_stream(lying, archive, info) as stream:
            with pytest.raises(xlsx_parts.ReaderFallback, match="beyond the size"):
                stream.read()
            assert stream._size <= size // 10 + 1  # never more than one byte past the declared size
    assert xlsx_parts.load_sheet_text(lying, "All May 2025 data", min_bytes=0) is None


@pytest.mark.parametrize("name", ["national_M2024_dl.xlsx", "national_M2019_dl.xlsx"])
def test_the_eager_load_gives_the_batch_the_lazy_load_gives(oews_files, name):
    """``load_text`` builds the batch as calamine reads (``eager=True``): the same table as ``to_arrow()``, on
    BLS's own workbooks, every sheet."""
    reader = fastexcel.read_excel(str(oews_files / name))  # BLS's file, read in place
    for sheet in reader.sheet_names:
        lazy = reader.load_sheet(sheet, header_row=None, dtypes="string").to_arrow()
        assert xlsx_parts.load_text(reader, sheet).equals(lazy), sheet


def test_text_cells_are_cleaned_as_the_general_reader_cleans_them():
    """The fast path's ``_text`` (regular expression only when a text could match) against ``columns.as_text``;
    SYNTHETIC cells, including codes Excel stored as floats and titles that end in 0."""
    from analysis.sources import columns

    cells = [" 12.0 ", "1235.00", "621000", "Title 2010", "Sector 1.0 x", "3.50", "", "  ", None, "10.0", "0.0"]
    fast = xlsx_arrow._text(pa.chunked_array([pa.array(cells, pa.string())])).to_pylist()
    general = columns.as_text(pd.Series(cells, dtype=object))
    assert fast == [None if pd.isna(v) else v for v in general]
    assert fast[:4] == ["12", "1235", "621000", "Title 2010"] and fast[-2:] == ["10", "0"]
    titles = ["Title 2010", "Hospitals", "Offices of Physicians"]  # nothing to replace: the column is kept as is
    assert xlsx_arrow._text(pa.chunked_array([pa.array(titles)])).to_pylist() == titles
