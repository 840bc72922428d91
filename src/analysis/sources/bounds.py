"""Bounds a workbook or CSV must keep before any reader allocates for it.

calamine (under python-calamine and fastexcel) allocates a worksheet's whole used range, so a 160 KB ``.xlsx``
with one cell at row 1,048,576 asks for gigabytes, and one at ``XFD1048576`` aborts the process. BLS's widest
table has 32 columns and its largest, the all-data workbook, about 400,000 rows (13 million cells); the bounds
below are above that and below what hurts (20 million cells, about 1 GB for the reader). A worksheet's extent is
read from its ``<dimension>`` and, for sheets up to :data:`SCAN_BYTES` of XML, from its cell references (a
dimension can lie); a CSV's width from its first lines. A file past a bound, or with a formula cell whose value
was never computed, is refused in one line naming it, before any reader sees it.
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
MAX_CELLS = 20_000_000
#: Sheets with at most this much XML are scanned cell by cell; larger ones are judged by their <dimension>.
SCAN_BYTES = 32 * 1000**2

_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_DIMENSION = re.compile(rb'<dimension[^>]*\bref="([A-Za-z]{1,4})(\d{1,8})(?::([A-Za-z]{1,4})(\d{1,8}))?"')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,4})[0-9]')
_CELL_ROW = re.compile(rb' r="[A-Z]{1,4}([0-9]{1,8})"')
#: Cheap first looks: a cell beyond column IV (256), or in a row past 9,999; only then is every reference read.
_WIDE_CELL = re.compile(rb' r="([A-Z]{3,4}|[J-Z][A-Z]|I[W-Z])[0-9]')
_FAR_CELL = re.compile(rb' r="[A-Z]{1,4}[0-9]{5}')
_CHUNK = 1 << 20
_FORMULA_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4}[0-9]{1,8})"[^>]*>((?:(?!</c>).){0,20000}?)</c>', re.DOTALL)
_VALUE = re.compile(rb"<v>[^<]+</v>")
_WORKBOOK_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATION_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


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
        names = _sheet_names(archive)
        for info in archive.infolist():
            if _SHEET.match(info.filename):
                rows, columns, formula = _extent(archive, info)
                sheet = names.get(info.filename, info.filename)
                if formula is not None:
                    raise UnsupportedLayoutError(
                        f"cell {formula} holds a formula without its value (the workbook was saved by a tool that "
                        "does not compute formulas), so it would read as empty",
                        location=Location(file=label, sheet=sheet),
                        expected="values, as BLS publishes them (open and save the file in a spreadsheet program)",
                    )
                if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
                    raise UnsupportedLayoutError(
                        f"a worksheet spanning {columns:,} columns x {rows:,} rows ({rows * columns:,} cells), more "
                        "than a reader can hold; BLS's tables have at most 32 columns and about 400,000 rows",
                        location=Location(file=label, sheet=sheet),
                        expected=f"at most {MAX_COLUMNS} columns and {MAX_CELLS:,} cells",
                    )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part (``xl/worksheets/sheet1.xml``) -> the sheet's name, from the workbook and its relations."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    targets = {rid: target for rid, target in _RELATION.findall(relations)}
    targets.update({rid: target for target, rid in _RELATION_REVERSED.findall(relations)})
    names = {}
    for name, rid in _WORKBOOK_SHEET.findall(workbook):
        target = targets.get(rid, b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else f"xl/{target}"
        names[part] = name.decode("utf-8", "replace")
    return names


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, str | None]:
    """(last row, last column, first formula cell without a value or None) of a worksheet, as its XML says."""
    rows = columns = 0
    formula = None
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
                if formula is None and b"<f" in text:
                    formula = next(
                        (
                            m.group(1).decode()
                            for m in _FORMULA_CELL.finditer(text)
                            if b"<f" in m.group(2) and not _VALUE.search(m.group(2))
                        ),
                        None,
                    )
                if _WIDE_CELL.search(text) or _FAR_CELL.search(text):
                    letters = set(_CELL_COLUMN.findall(text))  # a few distinct column names: cheap to convert
                    columns = max(columns, *(column_number(c) for c in letters))
                    rows = max(rows, *map(int, _CELL_ROW.findall(text)))
                else:  # every cell is within IV9999: at most 2.6 million cells
                    columns, rows = max(columns, 1), max(rows, 1)
                tail = text[-64:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return rows, columns, formula  # a damaged member: the reader says so
    return rows, columns, formula


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
