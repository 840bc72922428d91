"""Read one big worksheet on both CPU cores: the data sheet of BLS's all-data workbook (``all_data_M_YYYY.xlsx``,
~400,000 rows x 32 columns, ~450 MB of sheet XML) as a table of text, exactly as :mod:`analysis.sources.xlsx_arrow`
reads it with ``fastexcel`` (``load_sheet(sheet, header_row=None, dtypes="string").to_arrow()``), but faster on two
cores (the measurement: devtools/DECISIONS.md).

calamine (under fastexcel) parses one sheet on one core. An ``.xlsx`` is a zip archive whose worksheet is one
XML document, a run of ``<row r="N">`` elements, so the sheet is decompressed in slices (:data:`PART_SHARES`)
and each slice is cut at its last row boundary. Each part becomes a workbook of its own: an uncompressed
(``ZIP_STORED``) zip in /dev/shm holding the original workbook parts (shared strings, styles, ...) and a sheet
with the original sheet's head, a copy of the first row renumbered to sit just above the part (so every part
starts at the same column and is as wide), and the part's rows. A pool of two threads reads the parts with
fastexcel (which releases the GIL) while the rest of the sheet is still being decompressed; the tables are
joined in order, without the copied rows.

Every cell is formatted by the same library call as in the one-piece read, so the text is identical; the parts
are checked (row numbers consecutive at each cut, row counts against row numbers, widths, the copied first row)
and anything unusual (no plain ``<sheetData>``, rows without ``r=``, an empty row at a cut, merged cells, a small
sheet, any error) returns ``None``: the caller then reads the sheet in one piece. No exception leaves
:func:`load_sheet_text`.
"""

from __future__ import annotations

import io
import itertools
import os
import posixpath
import re
import struct
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyarrow as pa

from analysis.errors import ReaderFallback

#: Sheets with less XML than this are read in one piece (splitting costs more than it saves).
MIN_SHEET_BYTES = 16 * 2**20
#: Workbooks (files) smaller than this are not opened here at all.
MIN_FILE_BYTES = 4 * 2**20
#: The shares of the sheet's XML in each part, in order. The first part is small so that its parse starts early,
#: while the rest is still being decompressed; the two threads then take the other parts in turn, largest first, so
#: that both finish at about the same time (equal parts left one thread idle at the end: devtools/DECISIONS.md).
PART_SHARES = (0.05, 0.22, 0.2, 0.17, 0.14, 0.11, 0.07, 0.04)

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_SHEET_DATA = b"<sheetData>"
_SHEET_DATA_END = b"</sheetData>"
_ROW_END = b"</row>"


def load_sheet_text(
    source: str | Path | bytes, sheet: str, *, min_bytes: int | None = None, shares: tuple[float, ...] | None = None
) -> pa.Table | None:
    """The sheet ``sheet`` of the ``.xlsx`` at ``source`` (a path or the file's bytes) as fastexcel reads it with
    ``load_sheet(sheet, header_row=None, dtypes="string").to_arrow()`` (every column text, named by position;
    fields nullable; one chunk per part), read in parts on two threads. ``None`` when the sheet has less than
    ``min_bytes`` of XML (default :data:`MIN_SHEET_BYTES`; then files under :data:`MIN_FILE_BYTES` are not even
    opened) or is unusual in any way: the caller then reads it in one piece. ``shares`` overrides
    :data:`PART_SHARES`."""
    loaded = load_sheet_parts(source, sheet, min_bytes=min_bytes, shares=shares)
    return None if loaded is None else loaded[0]


def load_sheet_parts(
    source: str | Path | bytes,
    sheet: str,
    then: Callable[[int, pa.Table], Any] | None = None,
    *,
    min_bytes: int | None = None,
    shares: tuple[float, ...] | None = None,
) -> tuple[pa.Table, list] | None:
    """:func:`load_sheet_text`, and ``then(index, part)`` called on each part's table (as fastexcel read it; every
    part after the first starts with the copy of the sheet's first row) on the thread that read it, so that work
    on the rows overlaps the reading of later parts. ``then`` runs for the first part before any other part's
    ``then`` starts (what it learns there, such as the header, later parts can use). Returns (the table, the
    results of ``then`` in order) or ``None`` as :func:`load_sheet_text` does, also when ``then`` raises."""
    try:
        if min_bytes is None:
            size = len(source) if isinstance(source, (bytes, bytearray)) else Path(source).stat().st_size
            if size < MIN_FILE_BYTES:
                return None
        return _load_in_parts(
            source,
            sheet,
            MIN_SHEET_BYTES if min_bytes is None else min_bytes,
            PART_SHARES if shares is None else tuple(shares),
            then,
        )
    except Exception:  # noqa: BLE001 - any surprise means: read the sheet the ordinary way
        return None


# ------------------------------------------------------------------------------------------------ the package
def _open_zip(source: str | Path | bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else Path(source))


def _sheet_member(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding the worksheet named ``sheet`` (workbook.xml names it, its relationships file
    points at the part)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    ids = [s.get(f"{{{_REL_NS}}}id") for s in workbook.iter(f"{{{_MAIN_NS}}}sheet") if s.get("name") == sheet]
    if len(ids) != 1 or not ids[0]:
        raise ReaderFallback("the sheet is not named once in xl/workbook.xml")
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = [r.get("Target") for r in relations.iter(f"{{{_PKG_REL_NS}}}Relationship") if r.get("Id") == ids[0]]
    if len(targets) != 1 or not targets[0]:
        raise ReaderFallback("the sheet's part is not in the workbook's relationships")
    target = targets[0]
    member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    archive.getinfo(member)  # KeyError when missing
    return member


def _stored_workbook(folder: str, others: dict[str, bytes], member: str, pieces: list) -> str:
    """A new ``.xlsx`` in ``folder`` (uncompressed members): the workbook's other parts, and ``pieces`` (bytes-like)
    as the sheet ``member``. Returns its path. Written directly (a plain zip: local headers, the data, the central
    directory), with ISA-L's CRC-32, much cheaper than ``zipfile``'s on the sheet's hundreds of MB."""
    from isal import isal_zlib

    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=folder)
    directory, offset = [], 0
    with os.fdopen(handle, "wb") as file:
        for name, chunks in [*((name, [data]) for name, data in others.items()), (member, pieces)]:
            encoded, crc, size = name.encode("utf-8"), 0, 0
            for chunk in chunks:
                crc, size = isal_zlib.crc32(chunk, crc), size + len(chunk)
            if size >= 0xFFFFFFFF or offset >= 0xFFFFFFFF:
                raise ReaderFallback("a part too big for a plain zip")
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 0, 0, 0x21, crc, size, size, len(encoded), 0)
            file.write(local + encoded)
            for chunk in chunks:
                file.write(chunk)
            directory.append(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0x800,
                    0,
                    0,
                    0x21,
                    crc,
                    size,
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
            offset += len(local) + len(encoded) + size
        listing = b"".join(directory)
        file.write(listing)
        file.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), len(listing), offset, 0))
    return path


class _Inflater:
    """The deflated bytes of one zip member, inflated by ISA-L (``isal``: about twice as fast as zlib, the same
    bytes) as they are read: ``read(n)`` returns the next ``n`` inflated bytes (fewer only at the end), ``read()``
    the rest. Sizes and the CRC are checked at the end, as ``zipfile`` checks them."""

    def __init__(self, file, info: zipfile.ZipInfo):
        from isal import isal_zlib

        self._file, self._info = file, info
        self._left = info.compress_size
        self._inflate = isal_zlib.decompressobj(-15)
        self._crc32 = isal_zlib.crc32
        self._crc, self._size = 0, 0
        self._done = False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def read(self, n: int = -1) -> bytes:
        """The next ``n`` inflated bytes (fewer only at the end; everything left when ``n`` < 0), in one copy. Never
        more than one byte beyond the size the zip directory declares: a member that inflates further is refused
        before it can fill memory."""
        declared_left = self._info.file_size - self._size + 1
        n = declared_left if n is None or n < 0 else min(n, declared_left)
        out: list[bytes] = []
        produced = 0
        while produced < n:
            tail = self._inflate.unconsumed_tail
            if not tail:
                if self._left <= 0:
                    out.append(self._inflate.flush())
                    out = [piece for piece in out if piece] or [b""]
                    self._done = True
                    break
                tail = self._file.read(self._left)  # all of it: then one call gives the n bytes, no joins
                if not tail:
                    raise ReaderFallback("the zip member is cut short")
                self._left -= len(tail)
            piece = self._inflate.decompress(tail, n - produced)
            out.append(piece)
            produced += len(piece)
        data = out[0] if len(out) == 1 else b"".join(out)
        self._crc = self._crc32(data, self._crc)
        self._size += len(data)
        if self._size > self._info.file_size:
            raise ReaderFallback("the sheet inflates beyond the size the zip directory declares")
        if self._done and (self._size != self._info.file_size or self._crc != self._info.CRC):
            raise ReaderFallback("the sheet's size or CRC differs from the zip directory")
        return data


def _sheet_stream(source: str | Path | bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A reader of the sheet's XML: ISA-L for a deflated member of a workbook on disk, zipfile otherwise."""
    if info.compress_type != zipfile.ZIP_DEFLATED or isinstance(source, (bytes, bytearray)) or info.flag_bits & 1:
        return archive.open(info)
    file = open(source, "rb")  # noqa: SIM115 - closed by the _Inflater
    try:
        file.seek(info.header_offset)
        header = file.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise ReaderFallback("no local file header where the zip directory says")
        name_length, extra_length = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
        file.seek(info.header_offset + 30 + name_length + extra_length)
    except BaseException:
        file.close()
        raise
    return _Inflater(file, info)


def open_part(source: str | Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A reader of one part of the workbook at ``source``, inflated by ISA-L when it is deflated (about twice as
    fast as zlib; sizes and CRC checked at the end as ``zipfile`` checks them): for scans of big sheets."""
    return _sheet_stream(source, archive, info)


def load_text(reader, sheet: str | int) -> pa.RecordBatch:
    """The sheet ``sheet`` of a fastexcel ``reader`` as text, every column named by position. ``eager=True``
    builds the Arrow batch as calamine reads the cells: the same batch as ``load_sheet(...).to_arrow()`` (a test
    compares them) for less CPU than building it afterwards (devtools/DECISIONS.md)."""
    return reader.load_sheet(sheet, header_row=None, dtypes="string", eager=True)


def _read_text(path: str) -> pa.Table:
    """The first sheet of the workbook at ``path`` as text (as fastexcel reads it), and the file removed."""
    import fastexcel

    try:
        batch = load_text(fastexcel.read_excel(path), 0)
    finally:
        os.unlink(path)
    return pa.Table.from_batches([batch])


def _scratch_folder(sheet_bytes: int) -> str | None:
    """Memory-backed /dev/shm when it has room for every part at once (they are written once, read once and
    removed), else the default temporary folder."""
    shm = "/dev/shm"
    try:
        usable = os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK)
        room = os.statvfs(shm).f_bavail * os.statvfs(shm).f_frsize if usable else 0
    except OSError:
        room = 0
    return shm if room > 2 * sheet_bytes + 2**27 else None


# ------------------------------------------------------------------------------------------------ the cut
def _row_number(xml: bytes, at: int) -> int:
    match = _ROW_NUMBER.match(xml, at)
    if match is None:
        raise ReaderFallback("a row without its number")
    return int(match.group(1))


def _first_row(xml: bytes) -> tuple[int, int, int]:
    """(where the rows start, where the first row ends, its number)."""
    start = xml.find(_SHEET_DATA)
    if start < 0:
        raise ReaderFallback("no <sheetData> in the first part")
    start += len(_SHEET_DATA)
    end = xml.find(_ROW_END, start)
    if end < 0 or xml.find(b"<row ", start + 1, end) >= 0:
        raise ReaderFallback("the first row is empty or not closed")
    return start, end + len(_ROW_END), _row_number(xml, start)


def _cut(chunk: bytes, after: int, before: bytes) -> tuple[int, int]:
    """(offset, number) of the last row starting in ``chunk`` at or after ``after`` that directly follows a
    complete row numbered one less (``before`` holds the bytes just before ``chunk``), so no empty row sits at
    the cut."""
    at = chunk.rfind(b"<row ", after)
    if at < max(after, len(_ROW_END)) or chunk[at - len(_ROW_END) : at] != _ROW_END:
        raise ReaderFallback("no clean row boundary in this part")
    number = _row_number(chunk, at)
    previous = chunk.rfind(b"<row ", 0, at)
    previous_number = _row_number(chunk, previous) if previous >= 0 else _row_number(before, before.rfind(b"<row "))
    if previous_number != number - 1:
        raise ReaderFallback("the rows at the cut are not consecutive")
    return at, number


def _anchor(first_row: bytes, first_number: int, number: int) -> bytes:
    """The first row again, renumbered ``number`` (row and cell references)."""
    old, new = str(first_number).encode(), str(number).encode()
    row = first_row.replace(b'<row r="' + old + b'"', b'<row r="' + new + b'"', 1)
    return re.sub(rb' r="([A-Z]{1,3})' + old + rb'"', lambda m: b' r="' + m.group(1) + new + b'"', row)


def _nullable(table: pa.Table, names: list[str]) -> pa.Table:
    return table.cast(pa.schema([pa.field(name, pa.string(), nullable=True) for name in names]))


def _load_in_parts(
    source: str | Path | bytes,
    sheet: str,
    min_bytes: int,
    shares: tuple[float, ...],
    then: Callable[[int, pa.Table], Any] | None = None,
) -> tuple[pa.Table, list] | None:
    """Decompress the sheet in ``len(shares)`` slices, cut each at its last clean row boundary and hand it (as a
    workbook of its own) to a pool of two threads as soon as it is complete; join the parts in order after
    checking them."""
    with _open_zip(source) as archive:
        member = _sheet_member(archive, sheet)
        info = archive.getinfo(member)
        if info.file_size < max(min_bytes, 1):
            return None
        others = {i.filename: archive.read(i) for i in archive.infolist() if i.filename != member}
        bounds = [max(int(info.file_size * share), 1) for share in itertools.accumulate(shares[:-1])]
        parts: list[tuple[Future, int]] = []  # (the part's table, the rows it must have)
        with (
            tempfile.TemporaryDirectory(dir=_scratch_folder(info.file_size)) as folder,
            ThreadPoolExecutor(max_workers=2) as pool,
            _sheet_stream(source, archive, info) as stream,
        ):
            try:
                chunk = stream.read(bounds[0])
                rows_start, first_end, first_number = _first_row(chunk)
                head, first_row = chunk[:rows_start], chunk[rows_start:first_end]
                leftover, after, anchor, start, read = b"", first_end, b"", first_number, bounds[0]
                for index, bound in enumerate(bounds):
                    if index:
                        chunk = stream.read(bound - read) if bound > read else b""
                        read, after = max(bound, read), 0
                    at, number = _cut(chunk, after, leftover)
                    if chunk.find(_SHEET_DATA_END, at) >= 0:  # it follows every row: only after the last can it be
                        raise ReaderFallback("the rows end before the last part")
                    pieces = [head, anchor, leftover] if index else []
                    pieces += [memoryview(chunk)[:at], _SHEET_DATA_END, b"</worksheet>"]
                    workbook = _stored_workbook(folder, others, member, pieces)
                    first = parts[0][0] if parts else None
                    parts.append((pool.submit(_read_part, workbook, index, then, first), number - start + bool(index)))
                    leftover, start = chunk[at:], number
                    anchor = _anchor(first_row, first_number, number - 1)
                    del chunk, pieces
                rest = stream.read()
                end = rest.rfind(_SHEET_DATA_END)
                last = rest.rfind(b"<row ", 0, max(end, 0))
                if end < 0 or last < 0 or b"mergeCell" in rest[end:]:
                    raise ReaderFallback("the rows do not end plainly")
                workbook = _stored_workbook(folder, others, member, [head, anchor, leftover, rest])
                parts.append(
                    (
                        pool.submit(_read_part, workbook, len(parts), then, parts[0][0]),
                        _row_number(rest, last) - start + 2,
                    )
                )
                del rest
            finally:
                done = [future.result() for future, _ in parts]
    tables = [table for table, _ in done]
    if any(table.num_rows != rows for table, (_, rows) in zip(tables, parts)):
        raise ReaderFallback("row counts do not match the row numbers")
    if len({table.num_columns for table in tables}) != 1:
        raise ReaderFallback("the parts differ in width")
    names = tables[0].column_names
    tables = [_nullable(t if i == 0 else t.rename_columns(names), names) for i, t in enumerate(tables)]
    if not all(tables[0].slice(0, 1).equals(t.slice(0, 1)) for t in tables[1:]):
        raise ReaderFallback("the copied first row reads differently")
    return pa.concat_tables([tables[0], *(t.slice(1) for t in tables[1:])]), [result for _, result in done]


def _read_part(path: str, index: int, then, first: Future | None) -> tuple[pa.Table, Any]:
    """One part read (:func:`_read_text`), then ``then(index, table)`` once the first part is wholly done."""
    table = _read_text(path)
    if then is None:
        return table, None
    if first is not None:
        first.result()  # the first part's ``then`` has run (its failure fails this part too)
    return table, then(index, table)
