"""Bounds a workbook or CSV must keep before any reader allocates for it.

calamine (under python-calamine and fastexcel) allocates a worksheet's whole used range, so a 160 KB ``.xlsx``
with one cell at row 1,048,576 asks for gigabytes, and one at ``XFD1048576`` aborts the process. BLS's widest
table has 32 columns and its largest, the all-data workbook, about 400,000 rows (13 million cells); the bounds
below are far above that and far below what hurts. A worksheet's extent is read from its ``<dimension>`` and, for
sheets up to :data:`SCAN_BYTES` of XML, from every cell reference in it (a dimension can lie); a CSV's width from
its first lines. A file past a bound is refused in one line naming it, before any reader sees it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from analysis.errors import Location, UnsupportedLayoutError

#: Most columns a worksheet or CSV may span.
MAX_COLUMNS = 256
#: Most cells (rows x columns of the used range) a worksheet may span.
MAX_CELLS = 50_000_000
#: Sheets with at most this much XML are scanned cell by cell; larger ones are judged by their <dimension>.
SCAN_BYTES = 32 * 1000**2

_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb'<dimension[^>]*\bref="([A-Za-z]{1,4})(\d{1,8})(?::([A-Za-z]{1,4})(\d{1,8}))?"')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,4})[0-9]')
_CELL_ROW = re.compile(rb' r="[A-Z]{1,4}([0-9]{1,8})"')
_CHUNK = 1 << 20


def column_number(letters: str | bytes) -> int:
    """``"A"`` -> 1, ``"AF"`` -> 32, ``"XFD"`` -> 16384."""
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + (ord(letter.upper()) - 64)
    return number


def check_workbook(source: str | Path | bytes, *, label: str) -> None:
    """Refuse an ``.xlsx`` whose worksheets span more than :data:`MAX_COLUMNS` columns or :data:`MAX_CELLS` cells
    (an :class:`~analysis.errors.UnsupportedLayoutError` naming the file and sheet). Anything that is not a
    readable zip is left to the reader, which says what it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        for info in archive.infolist():
            if _SHEET.match(info.filename):
                rows, columns = _extent(archive, info)
                if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                    raise UnsupportedLayoutError(
                        f"a worksheet spanning {columns:,} columns x {rows:,} rows ({rows * columns:,} cells), more "
                        "than a reader can hold; BLS's tables have at most 32 columns and about 400,000 rows",
                        location=Location(file=label, sheet=info.filename),
                        expected=f"at most {MAX_COLUMNS} columns and {MAX_CELLS:,} cells",
                    )


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(last row, last column) of a worksheet's used range, as far as its XML says."""
    rows = columns = 0
    scan = info.file_size <= SCAN_BYTES
    tail = b""
    read = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                text = tail + chunk
                if read == len(chunk):
                    match = _DIMENSION.search(text)
                    if match:
                        last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
                        rows, columns = int(last_row), column_number(last_col)
                if not scan or read > SCAN_BYTES:
                    break
                letters = set(_CELL_COLUMN.findall(text))  # a few distinct column names: cheap to convert
                if letters:
                    columns = max(columns, *(column_number(c) for c in letters))
                    rows = max(rows, *map(int, _CELL_ROW.findall(text)))
                tail = text[-64:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return rows, columns  # a damaged member: the reader says so
    return rows, columns


def check_csv_width(text: str, *, label: str, lines: int = 5) -> None:
    """Refuse a CSV whose first lines hold more than :data:`MAX_COLUMNS` fields (a 9 MB line of 3 million commas
    would otherwise become 3 million columns)."""
    head = io.StringIO(text[: 64 * 1024 * 1024], newline="")
    for number, line in enumerate(head, start=1):
        if number > lines:
            break
        if line.count(",") + 1 > MAX_COLUMNS:
            fields = len(next(csv.reader([line])))
            if fields > MAX_COLUMNS:
                raise UnsupportedLayoutError(
                    f"a CSV line of {fields:,} fields, more than a reader can hold; BLS's tables have at most 32 "
                    "columns",
                    location=Location(file=label, row=number),
                    expected=f"at most {MAX_COLUMNS} fields",
                )


def reader_panic(exc: BaseException) -> bool:
    """True for a panic of a Rust reader (pyo3's ``PanicException``, a BaseException): it becomes one line naming
    the file instead of a backtrace."""
    return type(exc).__name__ == "PanicException"
