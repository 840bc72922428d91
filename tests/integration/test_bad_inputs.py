"""Robust inputs: a corpus of bad inputs, generated here from the real BLS files in data/raw/national/ and tests/data/
(read in place; modified copies are written to tmp_path only, never into the repository).

Every case must end in a specific ``OEWSInputError`` (or subclass) whose message names the file and, where it
applies, the sheet, row, column and value - never an unhandled traceback - and ``him-wages data <bad file>``
must leave data/processed/ and reports/ of the project byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

import hostile_files
from analysis import read_oews
from analysis.cli import main as cli_main
from analysis.errors import (
    NotBLSDataError,
    OEWSInputError,
    UnsupportedLayoutError,
    YearConflictError,
)
from real_file_edits import CSV_2016, KEEP_ROWS, column_index, csv_rows_2016, write_csv
from real_files import OEWS_FILES
from real_files import ROOT as REPO_ROOT
from synthetic_files import write_xlsx, zip_files

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

XLSX_2023 = OEWS_FILES / "national_M2023_dl.xlsx"
XLS_2011 = OEWS_FILES / "national_M2011_dl.xls"
XLS_2013 = OEWS_FILES / "national_M2013_dl.xls"


# ----------------------------------------------------------------------------------------------- real content
@cache
def workbook_sheets(path: Path) -> tuple[tuple[str, tuple[tuple, ...]], ...]:
    workbook = CalamineWorkbook.from_path(str(path))
    return tuple(
        (name, tuple(tuple(row) for row in workbook.get_sheet_by_name(name).to_python()))
        for name in workbook.sheet_names
    )


def data_sheet_2023() -> tuple[str, list[list], list[tuple[str, list[list]]]]:
    """(name, rows with the header first, [other sheets]) of the real May 2023 national file, shortened."""
    sheets = workbook_sheets(XLSX_2023)
    name, rows = sheets[0]
    return name, [list(r) for r in rows[: KEEP_ROWS + 1]], [(n, [list(r) for r in rs]) for n, rs in sheets[1:]]


def modified_2023(tmp: Path, change: Callable[[list[list]], None], *, name: str = "national_M2023_dl.xlsx") -> Path:
    """The real May 2023 national workbook (first rows), with ``change`` applied to its data sheet's rows."""
    sheet, rows, others = data_sheet_2023()
    change(rows)
    return write_xlsx(tmp / name, [(sheet, rows)] + others)


def set_cell(rows: list[list], data_row: int, column: str, value) -> None:
    """Set a cell of data row ``data_row`` (0-based; spreadsheet row ``data_row + 2``)."""
    rows[data_row + 1][column_index(rows[0], column)] = value


# ----------------------------------------------------------------------------------------------- the corpus
@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]
    #: The exception class the reader must raise (OEWSInputError or a subclass).
    expected: type[Exception] = OEWSInputError
    #: Text the message must contain besides the file name (compared case-insensitively).
    mentions: tuple[str, ...] = ()
    #: Also run ``him-wages data <file>`` (cases that need read_oews' ``year=`` are reader-only).
    cli: bool = True
    read_kwargs: dict = field(default_factory=dict)


def _truncate(source: Path, name: str, fraction: float = 0.5):
    def make(tmp: Path) -> Path:
        data = source.read_bytes()
        (tmp / name).write_bytes(data[: int(len(data) * fraction)])
        return tmp / name

    return make


def _bytes(name: str, data: bytes):
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return make


# synthetic: an HTML "Access Denied" page such as BLS serves to anonymous downloads
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
    b"<p>You don't have permission to access this resource.</p></body></html>"
)
# synthetic: pseudo-random bytes (a fixed linear congruential sequence, so the case is reproducible)
RANDOM_BYTES = bytes((i * 1103515245 + 12345) >> 16 & 0xFF for i in range(50_000))


def _csv_cut_in_row_11(*, fields: int, inside_field: bool):
    """The real CSV's bytes cut in spreadsheet row 11, as a download that stopped there would leave them: after
    ``fields`` complete fields (and their comma), or two bytes into the next field."""

    def make(tmp: Path) -> Path:
        data = CSV_2016.read_bytes()
        line_starts = [0] + [i + 1 for i, byte in enumerate(data[:20_000]) if byte == ord("\n")]
        start = line_starts[10]
        row = next(csv.reader(io.StringIO(data[start : line_starts[11]].decode("utf-8"))))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(row[:fields])
        prefix = (buffer.getvalue() + ",").encode("utf-8")
        assert data[start : start + len(prefix)] == prefix  # the cut is where we think it is
        cut = start + len(prefix) + (2 if inside_field else 0)
        (tmp / "national_M2016_dl.csv").write_bytes(data[:cut])
        return tmp / "national_M2016_dl.csv"

    return make


def _remove_column(column: str):
    def change(rows: list[list]) -> None:
        index = column_index(rows[0], column)
        for row in rows:
            del row[index]

    return lambda tmp: modified_2023(tmp, change)


def _rename_column_csv(tmp: Path) -> Path:
    rows = csv_rows_2016()
    rows[0][column_index(rows[0], "OCC_CODE")] = "SOC_CODE"
    return write_csv(tmp / "national_M2016_dl.csv", rows)


def _repeated_header(tmp: Path) -> Path:
    return modified_2023(tmp, lambda rows: rows.insert(21, list(rows[0])))  # header again at spreadsheet row 22


def _cell(column: str, value, data_row: int = 5, name: str = "national_M2023_dl.xlsx"):
    return lambda tmp: modified_2023(tmp, lambda rows: set_cell(rows, data_row, column, value), name=name)


def _csv_cell(column: str, value, data_row: int = 5):
    def make(tmp: Path) -> Path:
        rows = csv_rows_2016()
        rows[data_row + 1][column_index(rows[0], column)] = value
        return write_csv(tmp / "national_M2016_dl.csv", rows)

    return make


def _duplicated_row(tmp: Path) -> Path:
    return modified_2023(tmp, lambda rows: rows.insert(8, list(rows[7])))  # data row 7 again at spreadsheet row 9


def _conflicting_duplicate(tmp: Path) -> Path:
    def change(rows):
        copy = list(rows[7])
        copy[column_index(rows[0], "TOT_EMP")] = 12345
        rows.append(copy)

    return modified_2023(tmp, change)


def _swapped_sheets(tmp: Path) -> Path:
    """The data on the 'Field Descriptions' sheet and the field descriptions on the data sheet."""
    sheet, rows, others = data_sheet_2023()
    descriptions = dict(others)["Field Descriptions"]
    rest = [(n, r) for n, r in others if n != "Field Descriptions"]
    return write_xlsx(tmp / "national_M2023_dl.xlsx", [(sheet, descriptions), ("Field Descriptions", rows)] + rest)


def _data_on_filler_sheet(tmp: Path) -> Path:
    """The data sheet left empty, the table pasted on the 'Filler' sheet."""
    sheet, rows, others = data_sheet_2023()
    others = [(n, rows if n == "Filler" else r) for n, r in others]
    return write_xlsx(tmp / "national_M2023_dl.xlsx", [(sheet, [])] + others)


def _header_only(tmp: Path) -> Path:
    return modified_2023(tmp, lambda rows: rows.__delitem__(slice(1, None)))


def _boolean_value(tmp: Path) -> Path:
    return modified_2023(tmp, lambda rows: set_cell(rows, 3, "TOT_EMP", True))


def _csv_delimiter(tmp: Path) -> Path:
    return write_csv(tmp / "national_M2016_dl.csv", csv_rows_2016(), delimiter=";")


def _csv_encoding(tmp: Path) -> Path:
    return write_csv(tmp / "national_M2016_dl.csv", csv_rows_2016(), encoding="cp500")  # EBCDIC


def _csv_extra_field(tmp: Path) -> Path:
    rows = csv_rows_2016()
    rows[12] = rows[12] + ["stray"]
    return write_csv(tmp / "national_M2016_dl.csv", rows)


def _zip_slip(tmp: Path) -> Path:
    return zip_files(
        tmp / "oesm23nat.zip",
        {"oesm23nat/national_M2023_dl.xlsx": XLSX_2023.read_bytes(), "../../outside.txt": b"synthetic payload"},
    )


def _zip_bomb(tmp: Path) -> Path:
    # synthetic: 64 MB of zeros deflate to about 64 kB (a ratio near 1000; BLS's files compress under 10:1)
    path = tmp / "oesm23nat.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("oesm23nat/national_M2023_dl.xlsx", XLSX_2023.read_bytes())
        with archive.open("oesm23nat/national_M2023_dl.csv", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(64):
                member.write(block)
    return path


def _zip_without_data(tmp: Path) -> Path:
    return zip_files(tmp / "oesm23nat.zip", {"oesm23nat/readme.txt": b"synthetic: no data here"})


def _zip_with_truncated_member(tmp: Path) -> Path:
    data = XLSX_2023.read_bytes()
    return zip_files(tmp / "oesm23nat.zip", {"oesm23nat/national_M2023_dl.xlsx": data[: len(data) // 3]})


def _nested_zip_slip(tmp: Path) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("../../../inner_escape.txt", b"synthetic payload")
    return zip_files(
        tmp / "oesm23all.zip",
        {"oesm23all/inner.zip": inner.getvalue(), "oesm23all/national_M2023_dl.xlsx": XLSX_2023.read_bytes()},
    )


def _empty_folder(tmp: Path) -> Path:
    (tmp / "empty").mkdir()
    return tmp / "empty"


def _percentiles_out_of_order(tmp: Path) -> Path:
    def change(rows):
        set_cell(rows, 5, "H_PCT10", 500.0)

    return modified_2023(tmp, change)


# The repository's bundled extract of BLS's May 2025 oe flat files (real BLS lines; see data/raw/MANIFEST), found
# from this file so that HIM_WAGES_HOME (set by the CLI tests) does not move it.
BUNDLED_OE = REPO_ROOT / "data" / "raw" / "oe"


def _flat_folder(tmp: Path, *, drop: str | None = None) -> Path:
    folder = tmp / "oe"
    shutil.copytree(BUNDLED_OE, folder)
    if drop:
        (folder / drop).unlink()
    return folder


def _flat_data_lines(folder: Path) -> list[bytes]:
    packed = folder / "oe.data.0.Current.gz"
    lines = gzip.decompress(packed.read_bytes()).splitlines(keepends=True)
    packed.unlink()
    return lines


def _flat_value(value: bytes, line_number: int = 100):
    """Spreadsheet-style line ``line_number`` (the header is line 1) of oe.data.0.Current gets ``value``."""

    def make(tmp: Path) -> Path:
        folder = _flat_folder(tmp)
        lines = _flat_data_lines(folder)
        fields = lines[line_number - 1].split(b"\t")
        fields[3] = value.rjust(len(fields[3]))
        lines[line_number - 1] = b"\t".join(fields)
        (folder / "oe.data.0.Current").write_bytes(b"".join(lines))
        return folder

    return make


def _flat_truncated_gzip(tmp: Path) -> Path:
    folder = _flat_folder(tmp)
    packed = folder / "oe.data.0.Current.gz"
    data = packed.read_bytes()
    packed.write_bytes(data[: len(data) // 2])
    return folder


def _flat_truncated_plain(tmp: Path) -> Path:
    folder = _flat_folder(tmp)
    lines = _flat_data_lines(folder)
    text = b"".join(lines[:500])
    (folder / "oe.data.0.Current").write_bytes(text + lines[500][:12])  # cut inside line 501's series id
    return folder


def _flat_html(tmp: Path) -> Path:
    folder = _flat_folder(tmp)
    (folder / "oe.data.0.Current.gz").unlink()
    (folder / "oe.data.0.Current").write_bytes(HTML_PAGE)
    return folder


# ----------------------------------------------------------------------------------------------- hostile files
# SYNTHETIC files from tests/helpers/hostile_files.py: small on disk, built to make a reader allocate, hang or guess.


def _hostile(name: str, write: Callable[[Path], Path]):
    def make(tmp: Path) -> Path:
        return write(tmp / name)

    return make


def _in_folder(folder: str, setup: Callable[[Path], None]):
    def make(tmp: Path) -> Path:
        path = tmp / folder
        path.mkdir()
        setup(path)
        return path

    return make


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "national_M2023_dl.csv")


def _dev_zero_link(folder: Path) -> None:
    (folder / "national_M2023_dl.csv").symlink_to("/dev/zero")


def _link_loop(folder: Path) -> None:
    (folder / "national_M2023_dl.xlsx").symlink_to(folder / "national_M2024_dl.xlsx")
    (folder / "national_M2024_dl.xlsx").symlink_to(folder / "national_M2023_dl.xlsx")


def _self_link(tmp: Path) -> Path:
    path = tmp / "national_M2023_dl.xlsx"
    path.symlink_to(path)
    return path


def _encrypted_zip(tmp: Path) -> Path:
    """BLS's archive layout with its member marked encrypted (the flag bit of a password-protected zip)."""
    path = zip_files(tmp / "oesm23nat.zip", {"oesm23nat/national_M2023_dl.csv": hostile_files.csv_text()})
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flag_at] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def _encrypted_in_central_directory(tmp: Path) -> Path:
    """A real BLS workbook in an archive whose member is marked encrypted in the central directory only."""
    path = zip_files(tmp / "oesm23nat.zip", {"national_M2023_dl.xlsx": XLSX_2023.read_bytes()})
    data = bytearray(path.read_bytes())
    data[data.rindex(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def _laughs_in_sheet(path: Path) -> Path:
    doctype = hostile_files.billion_laughs().replace("workbook", "worksheet")
    xml = hostile_files.sheet_xml([hostile_files.HEADER, *hostile_files.ROWS, ["11-1011", "&lol9;"]])
    xml = doctype + xml.replace("&amp;lol9;", "&lol9;").split("?>", 1)[1]
    return hostile_files.write_workbook(path, {"national_M2023_dl": xml})


def _laughs_in_workbook(path: Path) -> Path:
    sheet = hostile_files.sheet_xml([hostile_files.HEADER, *hostile_files.ROWS])
    return hostile_files.write_workbook(path, {"national_M2023_dl": sheet}, prolog=hostile_files.billion_laughs())


def _year_file(year: int, suffix: str):
    def make(tmp: Path) -> Path:
        path = tmp / f"national_M{year}_dl{suffix}"
        if suffix == ".csv":
            path.write_bytes(hostile_files.csv_text())
            return path
        sheet = hostile_files.sheet_xml([hostile_files.HEADER, *hostile_files.ROWS])
        return hostile_files.write_workbook(path, {f"national_M{year}_dl": sheet})

    return make


def _encoded_csv(encoding: str):
    return _bytes("national_M2016_dl.csv", hostile_files.csv_text(encoding))


def _real_csv_encoded(encoding: str):
    """BLS's May 2016 CSV saved in another encoding (SYNTHETIC file, real content)."""
    return _bytes("national_M2016_dl.csv", CSV_2016.read_text(encoding="utf-8-sig").encode(encoding))


#: A year after the latest release the calendar allows whenever the tests run (May Y is published in spring Y+1).
NEXT_YEAR = dt.date.today().year + 1


CASES: list[Case] = [
    Case("truncated_xlsx", _truncate(XLSX_2023, "national_M2023_dl.xlsx")),
    Case("truncated_xlsx_tiny", _truncate(XLSX_2023, "national_M2023_dl.xlsx", 0.02)),
    Case("truncated_xls", _truncate(XLS_2011, "national_M2011_dl.xls")),
    Case("truncated_xls_2013", _truncate(XLS_2013, "national_M2013_dl.xls", 0.3)),
    Case("truncated_csv_inside_quoted_field", _csv_cut_in_row_11(fields=3, inside_field=True), mentions=("row 11",)),
    Case("truncated_csv_between_fields", _csv_cut_in_row_11(fields=8, inside_field=False), mentions=("row 11",)),
    Case("empty_xlsx", _bytes("national_M2023_dl.xlsx", b""), NotBLSDataError, ("empty",)),
    Case("empty_csv", _bytes("national_M2016_dl.csv", b""), NotBLSDataError, ("empty",)),
    Case("empty_zip_name", _bytes("oesm23nat.zip", b""), NotBLSDataError, ("empty",)),
    Case("random_bytes_xlsx", _bytes("national_M2023_dl.xlsx", RANDOM_BYTES), NotBLSDataError),
    Case("random_bytes_xls", _bytes("national_M2013_dl.xls", RANDOM_BYTES), NotBLSDataError),
    Case("random_bytes_zip", _bytes("oesm23nat.zip", RANDOM_BYTES), NotBLSDataError),
    Case("html_named_xlsx", _bytes("national_M2023_dl.xlsx", HTML_PAGE), NotBLSDataError, ("html",)),
    Case("html_named_csv", _bytes("national_M2016_dl.csv", HTML_PAGE), NotBLSDataError, ("html",)),
    Case("html_named_zip", _bytes("oesm23nat.zip", HTML_PAGE), NotBLSDataError, ("html",)),
    Case("zip_slip", _zip_slip, OEWSInputError, ("../../outside.txt",)),
    Case("nested_zip_slip", _nested_zip_slip, OEWSInputError, ("inner_escape.txt",)),
    Case("zip_bomb", _zip_bomb, OEWSInputError, ("national_M2023_dl.csv",)),
    Case("zip_without_data", _zip_without_data, OEWSInputError, ("readme.txt",)),
    Case("zip_with_truncated_member", _zip_with_truncated_member, OEWSInputError, ("national_M2023_dl.xlsx",)),
    Case("required_column_removed", _remove_column("OCC_CODE"), OEWSInputError, ("national_M2023_dl", "occ_code")),
    Case("value_column_removed", _remove_column("A_MEDIAN"), OEWSInputError, ("national_M2023_dl", "a_median")),
    Case("required_column_renamed_csv", _rename_column_csv, OEWSInputError, ("soc_code",)),
    Case("header_repeated_mid_sheet", _repeated_header, OEWSInputError, ("row 22", "tot_emp")),
    Case("unknown_symbol", _cell("A_MEDIAN", "N/A"), OEWSInputError, ("row 7", "a_median", "'N/A'")),
    Case("unknown_symbol_csv", _csv_cell("H_MEAN", "(5)"), OEWSInputError, ("row 7", "h_mean", "'(5)'")),
    Case(
        "european_thousands_csv", _csv_cell("TOT_EMP", "1.234.567"), OEWSInputError, ("row 7", "tot_emp", "1.234.567")
    ),
    Case("negative_wage", _cell("H_MEAN", -12.5), OEWSInputError, ("row 7", "h_mean", "-12.5")),
    Case("absurd_annual_wage", _cell("A_MEAN", 9.9e12), OEWSInputError, ("row 7", "a_mean")),
    Case("absurd_prse", _cell("EMP_PRSE", 250.0), OEWSInputError, ("row 7", "emp_prse", "250")),
    Case("percentiles_out_of_order", _percentiles_out_of_order, OEWSInputError, ("row 7", "h_pct10")),
    Case("boolean_in_value_column", _boolean_value, OEWSInputError, ("row 5", "tot_emp")),
    Case("malformed_occ_code", _cell("OCC_CODE", "29-207"), OEWSInputError, ("row 7", "occ_code", "29-207")),
    Case("unknown_area_type", _cell("AREA_TYPE", "9", data_row=0), OEWSInputError, ("row 2", "area_type", "9")),
    Case("malformed_area_code", _cell("AREA", "9X", data_row=0), OEWSInputError, ("row 2", "area", "9X")),
    Case(
        "year_in_name_contradicts_sheet",
        lambda tmp: shutil.copyfile(XLSX_2023, tmp / "national_M2019_dl.xlsx"),
        YearConflictError,
        ("2019", "2023"),
    ),
    Case(
        "year_argument_contradicts_file",
        lambda tmp: XLSX_2023,
        YearConflictError,
        ("2020", "2023"),
        cli=False,
        read_kwargs={"year": 2020},
    ),
    Case("duplicated_row", _duplicated_row, OEWSInputError, ("row 9",)),
    Case("conflicting_duplicate_row", _conflicting_duplicate, OEWSInputError, ("11-",)),
    Case("data_on_field_descriptions_sheet", _swapped_sheets, OEWSInputError, ("sheet",)),
    Case("data_on_filler_sheet", _data_on_filler_sheet, OEWSInputError, ("filler",)),
    Case("header_only", _header_only, OEWSInputError, ("no data",)),
    Case("csv_wrong_delimiter", _csv_delimiter, OEWSInputError),
    Case("csv_wrong_encoding", _csv_encoding, OEWSInputError),
    Case("csv_row_longer_than_header", _csv_extra_field, OEWSInputError, ("13",)),
    Case("news_release_layout", lambda tmp: OEWS_FILES / "ocwage_04012014.xlsx", UnsupportedLayoutError),
    Case("field_descriptions_alone", lambda tmp: OEWS_FILES / "field_descriptions.xlsx", OEWSInputError),
    Case("unsupported_extension", _bytes("national_M2023_dl.pdf", b"%PDF-1.4 synthetic"), OEWSInputError),
    Case("empty_folder", _empty_folder, OEWSInputError, ("no bls data",)),
    Case("missing_path", lambda tmp: tmp / "national_M2023_dl.xlsx", OEWSInputError, ("no such file",)),
    Case(
        "flat_files_without_occupation_mapping",
        lambda tmp: _flat_folder(tmp, drop="oe.occupation"),
        OEWSInputError,
        ("oe.occupation",),
    ),
    Case("flat_data_truncated_gzip", _flat_truncated_gzip, OEWSInputError, ("oe.data.0.current.gz",)),
    Case("flat_data_cut_mid_line", _flat_truncated_plain, OEWSInputError, ("oe.data.0.current", "501")),
    Case("flat_data_unknown_symbol", _flat_value(b"N/A"), OEWSInputError, ("oe.data.0.current", "100", "N/A")),
    Case("flat_data_negative_wage", _flat_value(b"-17.08", 95), OEWSInputError, ("oe.data.0.current", "95", "-17.08")),
    Case("flat_data_html_page", _flat_html, NotBLSDataError, ("oe.data.0.current", "html")),
    # Bounded readers: a tiny workbook whose used range is huge, a CSV millions of columns wide.
    Case(
        "far_cell_at_row_1048576",
        _hostile("national_M2023_dl.xlsx", hostile_files.far_cell_workbook),
        NotBLSDataError,
        ("used range", "GR1048576", "32,000,000 cells"),
    ),
    Case(
        "far_cell_at_xfd1048576",
        _hostile("national_M2023_dl.xlsx", lambda p: hostile_files.far_cell_workbook(p, "XFD1048576")),
        NotBLSDataError,
        ("used range", "XFD1048576", "16,384 columns", "at most 256 columns"),
    ),
    Case(
        "far_cell_in_a_narrow_sheet",
        _hostile("national_M2023_dl.xlsx", lambda p: hostile_files.far_cell_workbook(p, "A1048576", dimension=False)),
        NotBLSDataError,
        ("used range", "T1048576", "64 times the cells written"),
    ),
    Case(
        "far_cell_workbook_named_csv",
        _hostile("national_M2016_dl.csv", lambda p: hostile_files.far_cell_workbook(p, "XFD1048576")),
        NotBLSDataError,
        ("used range", "16,384 columns"),
    ),
    Case(
        "csv_with_3_million_columns",
        _hostile("national_M2016_dl.csv", hostile_files.wide_csv),
        NotBLSDataError,
        ("row 1", "3,000,000 fields", "at most 256 fields"),
    ),
    # Plausible releases and values only.
    Case(
        "formula_without_value",
        _hostile("national_M2023_dl.xlsx", hostile_files.formula_workbook),
        NotBLSDataError,
        ("sheet 'national_M2023_dl'", "cell G3", "formula without its value"),
    ),
    Case("year_2099_xlsx", _year_file(2099, ".xlsx"), OEWSInputError, ("May 2099", "after the latest release")),
    Case("year_2099_csv", _year_file(2099, ".csv"), OEWSInputError, ("May 2099", "after the latest release")),
    Case("next_year_csv", _year_file(NEXT_YEAR, ".csv"), OEWSInputError, (f"May {NEXT_YEAR}",)),
    Case("year_1900_xlsx", _year_file(1900, ".xlsx"), OEWSInputError, ("May 1900", "before the first", "1997")),
    Case("year_1996_csv", _year_file(1996, ".csv"), OEWSInputError, ("May 1996", "before the first")),
    # One clear line naming the real cause.
    Case("csv_in_utf16", _encoded_csv("utf-16"), NotBLSDataError, ("UTF-16 (little-endian)",)),
    Case("csv_in_utf16_big_endian_without_bom", _encoded_csv("utf-16-be"), NotBLSDataError, ("UTF-16 (big-endian)",)),
    Case("csv_in_utf32", _encoded_csv("utf-32"), NotBLSDataError, ("UTF-32",)),
    Case("bls_csv_in_utf16", _real_csv_encoded("utf-16"), NotBLSDataError, ("UTF-16",)),
    Case("bls_csv_in_utf32", _real_csv_encoded("utf-32"), NotBLSDataError, ("UTF-32",)),
    Case(
        "bls_csv_in_utf16_little_endian_without_bom",
        _real_csv_encoded("utf-16-le"),
        NotBLSDataError,
        ("UTF-16 (little-endian)",),
    ),
    Case(
        "billion_laughs_in_the_sheet",
        _hostile("national_M2023_dl.xlsx", _laughs_in_sheet),
        NotBLSDataError,
        ("billion laughs", "xl/worksheets/sheet1.xml"),
    ),
    Case(
        "billion_laughs_in_workbook_xml",
        _hostile("national_M2023_dl.xlsx", _laughs_in_workbook),
        NotBLSDataError,
        ("billion laughs", "xl/workbook.xml"),
    ),
    Case("encrypted_zip", _encrypted_zip, NotBLSDataError, ("encrypted", "national_M2023_dl.csv")),
    Case(
        "encrypted_flag_in_the_central_directory_only",
        _encrypted_in_central_directory,
        NotBLSDataError,
        ("encrypted", "national_M2023_dl.xlsx"),
    ),
    Case("folder_holding_a_fifo", _in_folder("downloads", _fifo), OEWSInputError, ("named pipe (FIFO)",)),
    Case(
        "folder_holding_a_dev_zero_link",
        _in_folder("downloads", _dev_zero_link),
        OEWSInputError,
        ("character device", "'/dev/zero'"),
    ),
    Case(
        "folder_holding_a_symlink_loop",
        _in_folder("downloads", _link_loop),
        OEWSInputError,
        ("symbolic link loop", "national_M2023_dl.xlsx"),
    ),
    Case("symlink_loop_named", _self_link, OEWSInputError, ("symbolic link loop",)),
]


def test_the_corpus_is_large_and_its_names_unique():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


# ----------------------------------------------------------------------------------------------- the reader
def _check_message(exc: BaseException, case: Case, path: Path) -> None:
    message = str(exc).lower()
    assert path.name.lower() in message, f"{case.name}: the message does not name the file: {exc}"
    for text in case.mentions:
        assert text.lower() in message, f"{case.name}: the message does not mention {text!r}: {exc}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_read_oews_rejects_bad_input_with_a_specific_error(case, tmp_path):
    work = tmp_path / "inputs"
    work.mkdir()
    path = case.make(work)
    with pytest.raises(case.expected) as caught:
        read_oews(path, **case.read_kwargs)
    assert isinstance(caught.value, OEWSInputError), f"{case.name}: {type(caught.value).__name__}: {caught.value}"
    _check_message(caught.value, case, path)
    # Nothing escaped into the working folders (zip-slip).
    assert not list(tmp_path.parent.rglob("outside.txt")) and not list(tmp_path.parent.rglob("inner_escape.txt"))


# ----------------------------------------------------------------------------------------------- the CLI
def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A throwaway project whose data/processed was built from one real file, with a report in reports/."""
    root = tmp_path_factory.mktemp("bad-inputs") / "project"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "processed").mkdir(parents=True)
    (root / "reports").mkdir()
    (root / "reports" / "index.html").write_text("<html><body>synthetic report placeholder</body></html>")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIM_WAGES_HOME", str(root))
        assert cli_main(["data", str(OEWS_FILES / "national_M2022_dl.xlsx")]) == 0
    return root


@pytest.mark.parametrize("case", [c for c in CASES if c.cli], ids=[c.name for c in CASES if c.cli])
def test_him_wages_data_rejects_bad_input_and_leaves_outputs_byte_identical(
    case, built_project, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("HIM_WAGES_HOME", str(built_project))
    processed, reports = built_project / "data" / "processed", built_project / "reports"
    before = (_tree_hashes(processed), _tree_hashes(reports))
    assert before[0], "the project's store was not built"
    path = case.make(tmp_path)
    code = cli_main(["data", str(path)])
    captured = capsys.readouterr()
    assert code == 1, f"{case.name}: exit code {code}; stderr: {captured.err[-2000:]}"
    assert "Traceback" not in captured.err + captured.out
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and path.name in lines[0], f"{case.name}: not one line naming the file: {captured.err}"
    assert (_tree_hashes(processed), _tree_hashes(reports)) == before


# ----------------------------------------------------------------------------------------------- bounded memory
#: Peak memory (resident set) the process refusing a hostile file may reach: the refusal comes before any reader
#: allocates (before the bounds, these files drove the reader past 4 GB, an abort, and 1.5 GB).
PEAK_LIMIT_MB = 1024
#: An address-space limit for the child, so that a regression fails this test instead of exhausting the machine.
ADDRESS_SPACE_LIMIT = 6 * 2**30

_PEAK_CHILD = """
import resource, sys
from analysis.cli import main
code = main(["data", sys.argv[1]])
with open(sys.argv[2], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


def _limit_address_space() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.name in {"far_cell_at_row_1048576", "far_cell_at_xfd1048576", "csv_with_3_million_columns"}],
    ids=lambda c: c.name,
)
def test_hostile_files_are_refused_in_one_line_and_bounded_memory(case, tmp_path):
    """`him-wages data` in a child process: exit 1, one line naming the file, peak memory under 1 GB."""
    import subprocess
    import sys

    home = tmp_path / "project"
    for folder in ("data/raw", "data/processed", "reports"):
        (home / folder).mkdir(parents=True)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path = case.make(inputs)
    assert path.stat().st_size < 16 * 2**20  # small on disk
    peak_file = tmp_path / "peak"
    env = {**os.environ, "HIM_WAGES_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_CHILD, str(path), str(peak_file)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=_limit_address_space,
        check=False,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("him-wages data: ") and path.name in lines[0], result.stderr
    peak_mb = int(peak_file.read_text()) / 1024
    assert peak_mb < PEAK_LIMIT_MB, f"{case.name}: peak {peak_mb:.0f} MB"


def test_an_error_quotes_no_content_of_a_file_that_is_not_oews_data(tmp_path):
    """SYNTHETIC: a copy of a password file under a data name; the error describes it without quoting it."""
    path = tmp_path / "national_M2023_dl.csv"
    path.write_text("root:x:0:0:synthetic-secret-1:/root:/bin/bash\ndaemon:x:1:1:synthetic-secret-2:/:/bin/sh\n")
    with pytest.raises(UnsupportedLayoutError) as caught:
        read_oews(path)
    assert "synthetic-secret" not in str(caught.value) and "root:x" not in str(caught.value)
    assert str(path) in str(caught.value)
