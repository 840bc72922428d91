"""Limits on what a spreadsheet may make a reader allocate, checked before any reader opens it.

calamine (under python-calamine and fastexcel) turns a sheet into a dense grid spanning its *used range*, from the
first to the last cell that holds anything: one cell at row 1,048,576 of a 2 KB workbook makes it allocate a million
rows, at column XFD 549 GB (the process aborts, which no ``except`` can catch). So every worksheet of an ``.xlsx`` is
scanned first, as the bytes are inflated, for the row and cell references it holds (``<row r="...">``,
``<c r="...">``), and refused when its used range is wider, longer or larger than BLS publishes. A CSV's width is
checked the same way before a CSV parser splits its lines.

The limits are generous for BLS's own files: the largest, the all-data workbook (``all_data_M_YYYY.xlsx``), has
about 400,000 rows of 32 columns (12.8 million cells); a national file has about 1,400 rows of 20-32 columns.
"""

from __future__ import annotations

import collections
import contextlib
import html
import re
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.errors import Location, NotBLSDataError, ReaderFallback

#: The most columns a worksheet's used range or a CSV line may span (BLS's layouts have at most 32).
MAX_COLUMNS = 256
#: The most rows a worksheet's used range may span (a worksheet's own limit; BLS's largest has ~400,000).
MAX_ROWS = 1_048_576
#: The most cells a worksheet's used range may span: rows x columns (BLS's largest: ~12.8 million).
MAX_CELLS = 32_000_000

_SCAN_BLOCK = 1 << 23
#: Parts with more XML than this are scanned on two threads as they are inflated; blocks in flight at most.
_THREADED_BYTES = 4 * _SCAN_BLOCK
_IN_FLIGHT = 4
_SPACES = np.zeros(256, dtype=bool)
_SPACES[[ord(" "), ord("\t"), ord("\n"), ord("\r")]] = True
_TAG_ENDS = _SPACES.copy()
_TAG_ENDS[[ord(">"), ord("/")]] = True
_ONES, _HIGH = np.uint64(0x0101010101010101), np.uint64(0x8080808080808080)


@dataclass
class UsedRange:
    """The rows and columns a worksheet's cell and row references span (1-based), and how many it has."""

    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    references: int = 0
    cell_references: int = 0
    #: ``<c>`` and ``<row>`` elements (with a reference or without), ``<f>`` elements seen so far.
    cell_elements: int = 0
    row_elements: int = 0
    formula_elements: int = 0
    malformed: str | None = None
    #: The reference of the first cell holding a formula without a cached value, if any.
    uncached_formula: str | None = None
    #: True when the part declares a document type (a DTD: entities, "billion laughs"), which Excel never writes.
    doctype: bool = False

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.last_row else 0

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1 if self.last_column else 0


def column_name(number: int) -> str:
    """1 -> 'A', 27 -> 'AA', 16384 -> 'XFD'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27, 'XFD' -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _first_below(words: np.ndarray, limit: int) -> np.ndarray:
    """For each little-endian 8-byte word, the index (0-8) of its first byte below ``limit`` (8: none). The
    classic bit trick: exact for the lowest such byte, which is the first in the text."""
    flags = (words - np.uint64(limit) * _ONES) & ~words & _HIGH
    lowest = flags & (~flags + np.uint64(1))
    index = np.log2(np.maximum(lowest, np.uint64(1)).astype(np.float64)).astype(np.int64) // 8
    return np.where(lowest == 0, 8, index)


def _sort_keys(words: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The first ``counts`` bytes of each word as one number that sorts like the text, longer texts after
    shorter ones (so for digits: numerical order)."""
    shift = np.uint64(8) * (np.uint64(8) - counts.astype(np.uint64))
    big_endian = words.byteswap()
    kept = np.where(counts == 0, np.uint64(0), (big_endian >> np.minimum(shift, np.uint64(63))) >> (shift // 64))
    return (counts.astype(np.uint64) << np.uint64(56)) | kept


def _scan_block(block: bytes, used: UsedRange) -> None:
    """Every ``r="..."`` attribute of ``block`` (whole elements only) into ``used``: a cell reference (letters then
    digits, ``AF4012``) or a row number (digits). Vectorised with numpy (a few operations per reference, so the
    sheet of BLS's all-data workbook stays cheap to scan), never a Python step per element; only the first and last
    row and column are then read as text, and checked."""
    buffer = block + bytes(16)
    data = np.frombuffer(buffer, dtype=np.uint8)
    words = np.ndarray((len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))
    found = np.flatnonzero(data[1 : len(block)] == ord("r")) + 1
    # Elements counted on the way (cells and rows with or without a reference; formulas), from the same letters.
    rows_opened = (data[found - 1] == ord("<")) & (data[found + 1] == ord("o")) & (data[found + 2] == ord("w"))
    used.row_elements += int(np.count_nonzero(rows_opened & _TAG_ENDS[data[found + 3]]))
    letters_c = np.flatnonzero(data[1 : len(block)] == ord("c")) + 1
    used.cell_elements += int(np.count_nonzero((data[letters_c - 1] == ord("<")) & _TAG_ENDS[data[letters_c + 1]]))
    letters_f = np.flatnonzero(data[1 : len(block)] == ord("f")) + 1
    used.formula_elements += int(np.count_nonzero((data[letters_f - 1] == ord("<")) & _TAG_ENDS[data[letters_f + 1]]))
    found = found[(data[found + 1] == ord("=")) & (data[found + 2] == ord('"')) & _SPACES[data[found - 1]]]
    if not len(found):
        return
    starts = found + 3
    letters = _first_below(words[starts], ord("A"))
    digits_at = starts + letters
    digits = _first_below(words[digits_at], ord("0"))
    rows = _sort_keys(words[digits_at], digits)
    used.references += len(found)
    used.cell_references += int(np.count_nonzero(letters))
    extremes = [(int(digits_at[i]), int(digits[i]), "row") for i in (int(rows.argmin()), int(rows.argmax()))]
    if letters.any():
        columns = _sort_keys(words[starts], letters)  # a row's reference (no letters) sorts first: never the max
        first = int(np.where(letters > 0, columns, np.iinfo(np.uint64).max).argmin())
        extremes += [(int(starts[i]), int(letters[i]), "column") for i in (first, int(columns.argmax()))]
    for at, length, kind in extremes:
        text = block[at : at + length].decode("latin-1")
        valid = 1 <= length <= 7 and text.isdigit() if kind == "row" else 1 <= length <= 3 and text.isalpha()
        if not valid or (kind == "column" and not text.isupper()):
            used.malformed = block[max(at - 4, 0) : at + 12].decode("latin-1")
            return
        number = int(text) if kind == "row" else column_number(text)
        if kind == "row":
            used.first_row = number if not used.first_row else min(used.first_row, number)
            used.last_row = max(used.last_row, number)
        else:
            used.first_column = number if not used.first_column else min(used.first_column, number)
            used.last_column = max(used.last_column, number)


_CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3}[0-9]{1,7})"')
#: A cached value that holds something: openpyxl writes an uncomputed formula's value as an empty ``<v />``.
_CACHED_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]")


def _uncached_formula(block: bytes) -> str | None:
    """The reference of the first cell of ``block`` holding a formula (``<f>``) but no value (no ``<v>``, or an
    empty one): many tools write formulas without computing them, and a reader then sees an empty cell. None if
    there is none (a cell cut at the block's end is not judged)."""
    at = block.find(b"<f")
    while at >= 0:
        if block[at + 2 : at + 3] in (b">", b" ", b"/"):
            start, end = block.rfind(b"<c", 0, at), block.find(b"</c>", at)
            if start >= 0 and end >= 0 and not _CACHED_VALUE.search(block, at, end):
                reference = _CELL_REFERENCE.search(block, start, block.find(b">", start) + 1)
                return reference.group(1).decode("ascii") if reference else "(a cell without a reference)"
        at = block.find(b"<f", at + 2)
    return None


def _open(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part's bytes as they are inflated: by ISA-L for a big deflated part of a workbook on disk."""
    deflated = info.compress_type == zipfile.ZIP_DEFLATED
    if info.file_size >= _SCAN_BLOCK and deflated and isinstance(archive.filename, str):
        from analysis.sources.xlsx_parts import open_part

        return open_part(archive.filename, archive, info)
    return archive.open(info)


def _wholes(stream, used: UsedRange) -> Iterator[bytes]:
    """The part's XML in blocks of whole elements (each cut after its last ``>``) as it is inflated; stops, with
    ``used.malformed`` or ``used.doctype`` set, at a tag longer than a block or a DTD in the prolog."""
    carry, first = b"", True
    while True:
        block = stream.read(_SCAN_BLOCK)
        data = carry + block
        if not data:
            return
        cut = data.rfind(b">") + 1 if block else len(data)
        whole, carry = data[:cut], data[cut:]
        if len(carry) > _SCAN_BLOCK:  # a tag longer than a block: no sheet has one
            used.malformed = f"a tag of more than {_SCAN_BLOCK:,} bytes"
            return
        if first and b"<!DOCTYPE" in whole:  # entities are declared in a DTD, in the prolog (the first block)
            used.doctype = True
            return
        first = False
        yield whole
        if not block:
            return


def _scan_whole(whole: bytes) -> UsedRange:
    """One block's references, elements and first uncached formula (blocks are scanned apart, then merged)."""
    used = UsedRange()
    _scan_block(whole, used)
    if used.formula_elements:
        used.uncached_formula = _uncached_formula(whole)
    return used


def _merge(into: UsedRange, block: UsedRange) -> None:
    """Add a block's findings to the part's (blocks in the part's order: the first problem found is kept)."""
    for name in ("references", "cell_references", "cell_elements", "row_elements", "formula_elements"):
        setattr(into, name, getattr(into, name) + getattr(block, name))
    for low, high in (("first_row", "last_row"), ("first_column", "last_column")):
        if getattr(block, low):
            setattr(into, low, min(getattr(into, low) or getattr(block, low), getattr(block, low)))
        setattr(into, high, max(getattr(into, high), getattr(block, high)))
    into.malformed = into.malformed or block.malformed
    into.uncached_formula = into.uncached_formula or block.uncached_formula


def _on_two_threads(blocks: Iterator[bytes]) -> Iterator[UsedRange]:
    """:func:`_scan_whole` of each block on two threads (numpy releases the GIL) while the next blocks are
    inflated on this one; results in the blocks' order, at most :data:`_IN_FLIGHT` blocks held at a time."""
    with ThreadPoolExecutor(2, thread_name_prefix="bounds-scan") as pool:
        pending: collections.deque = collections.deque()
        for block in blocks:
            pending.append(pool.submit(_scan_whole, block))
            if len(pending) >= _IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[UsedRange, int, int]:
    """The used range of one XML part, and how many cells and rows it holds without a reference (``<c>``,
    ``<row>``: a reader places each after the previous one, so they can widen or lengthen the range). A big part
    is scanned on two threads as it is inflated; every block is scanned the same way either way."""
    used = UsedRange()
    with _open(archive, info) as stream:
        blocks = _wholes(stream, used)
        scanned = _on_two_threads(blocks) if info.file_size >= _THREADED_BYTES else map(_scan_whole, blocks)
        for block in scanned:
            _merge(used, block)
            if used.malformed:
                break
    row_references = used.references - used.cell_references
    return used, max(used.cell_elements - used.cell_references, 0), max(used.row_elements - row_references, 0)


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    """The name the workbook gives the worksheet stored in ``part`` (read with two regular expressions from
    workbook.xml and its relationships, no XML parser: those small parts are untrusted too), else ``part``."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 1 << 20].decode("utf-8", "replace")
        relations = archive.read("xl/_rels/workbook.xml.rels")[: 1 << 20].decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return part
    for relation in re.finditer(r"<Relationship\b[^>]*>", relations):
        target = re.search(r'Target="([^"]*)"', relation.group(0))
        ident = re.search(r'Id="([^"]*)"', relation.group(0))
        if target and ident and part.endswith(target.group(1).lstrip("/").removeprefix("xl/")):
            for sheet in re.finditer(r"<sheet\b[^>]*>", workbook):
                if f'"{ident.group(1)}"' in sheet.group(0):
                    name = re.search(r'name="([^"]*)"', sheet.group(0))
                    if name:
                        return html.unescape(name.group(1))[:100]
    return part


def _refuse(name: str, part: str, found: str, expected: str) -> NotBLSDataError:
    return NotBLSDataError(
        "the workbook's used range is larger than any BLS table (a reader would need gigabytes of memory for it)",
        location=Location(file=name, sheet=part),
        found=found,
        expected=expected,
    )


def check_workbook(source: str | Path | zipfile.ZipFile, name: str) -> None:
    """Refuse an ``.xlsx`` whose worksheets span more than :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or
    :data:`MAX_CELLS` cells, before any reader allocates them. Anything that is not a readable zip is left to the
    readers, which say what it is."""
    try:
        archive = source if isinstance(source, zipfile.ZipFile) else zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError):
        return
    try:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".xml") or info.flag_bits & 1:
                continue
            try:
                used, loose_cells, loose_rows = _scan_member(archive, info)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
                RuntimeError,
                ReaderFallback,
            ):
                return  # a damaged or encrypted part: the readers name the problem
            part = info.filename
            if used.doctype:
                raise NotBLSDataError(
                    f"the workbook's part {part} declares a document type with entities (an XML bomb such as "
                    "'billion laughs'); Excel and BLS never write one",
                    location=Location(file=name),
                    found="<!DOCTYPE or <!ENTITY",
                    expected="a workbook as BLS publishes it",
                )
            if used.malformed is not None:
                raise NotBLSDataError(
                    "a worksheet holds a malformed cell reference",
                    location=Location(file=name, sheet=_sheet_name(archive, part)),
                    found=used.malformed,
                    expected="references like 'A1' or 'AF400000' (letters A-XFD, then a row number)",
                )
            if used.uncached_formula is not None:
                raise NotBLSDataError(
                    f"cell {used.uncached_formula} holds a formula without its value (written by a tool that does "
                    "not compute formulas); open and save the file in a spreadsheet program, or use BLS's own file",
                    location=Location(file=name, sheet=_sheet_name(archive, part)),
                    expected="values, as BLS publishes them",
                )
            rows, columns = used.rows + loose_rows, used.columns + loose_cells
            where = (
                f"cells from {column_name(used.first_column or 1)}{used.first_row or 1} to "
                f"{column_name(used.last_column or 1)}{used.last_row or 1}"
            )
            if columns > MAX_COLUMNS:
                raise _refuse(
                    name,
                    _sheet_name(archive, part),
                    f"{where}: {columns:,} columns",
                    f"at most {MAX_COLUMNS:,} columns",
                )
            if rows > MAX_ROWS:
                raise _refuse(name, _sheet_name(archive, part), f"{where}: {rows:,} rows", f"at most {MAX_ROWS:,} rows")
            if rows * columns > MAX_CELLS:
                raise _refuse(
                    name,
                    _sheet_name(archive, part),
                    f"{where}: {rows * columns:,} cells in its range",
                    f"at most {MAX_CELLS:,} cells",
                )
            if rows * columns > max(1_000_000, 64 * (used.references + loose_cells)):
                raise _refuse(
                    name,
                    _sheet_name(archive, part),
                    f"{where}: {rows * columns:,} cells in its range, {used.references:,} of them written",
                    "a range at most 64 times the cells written (BLS's tables are dense)",
                )
    finally:
        if archive is not source:
            archive.close()


@contextlib.contextmanager
def reader_panics(name: str) -> Iterator[None]:
    """A panic inside a Rust reader (calamine, fastexcel) reaches Python as ``pyo3_runtime.PanicException``, a
    ``BaseException`` that ``except Exception`` lets through: here it becomes one line naming the file."""
    try:
        yield
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        first_line = (str(exc).strip().splitlines() or [""])[0]
        raise NotBLSDataError(
            "the spreadsheet reader failed on this file (a damaged or crafted workbook)",
            location=Location(file=name),
            found=first_line[:200],
            expected="a workbook as BLS publishes it",
        ) from None


def check_line_width(lines: Iterable[str], name: str, *, separators: str = ",\t") -> None:
    """Refuse a text table with a line of more than :data:`MAX_COLUMNS` fields before a CSV parser splits it (a 9 MB
    line of 3 million empty fields became 3 million Python strings, 1.5 GB). Counts separators, so quoted ones
    count too: the limit leaves room for them."""
    for number, line in enumerate(lines, start=1):
        fields = max(line.count(separator) for separator in separators) + 1
        if fields > MAX_COLUMNS:
            raise NotBLSDataError(
                "a line with more fields than any BLS table",
                location=Location(file=name, row=number),
                found=f"{fields:,} fields in a line of {len(line):,} characters",
                expected=f"at most {MAX_COLUMNS:,} fields, far more than any BLS table has",
            )
