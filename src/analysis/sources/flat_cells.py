"""The cells of BLS's ``oe.data`` flat file: a fast fixed-offset parser (numpy, in blocks on two threads) and a
plain line-by-line parser for any file that strays from BLS's layout, which names the file, line, field and value
of every problem. :mod:`analysis.sources.flat_files` turns the cells into the canonical frame."""

from __future__ import annotations

import gzip
import math
import os
import queue
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.conventions import geography
from analysis.errors import (
    Location,
    OEWSInputError,
    ReaderFallback,
)

#: BLS's datatype codes (oe.datatype) and the canonical column each one fills.
DATATYPE_COLUMNS: dict[int, str] = {
    1: "tot_emp",
    2: "emp_prse",
    3: "h_mean",
    4: "a_mean",
    5: "mean_prse",
    6: "h_pct10",
    7: "h_pct25",
    8: "h_median",
    9: "h_pct75",
    10: "h_pct90",
    11: "a_pct10",
    12: "a_pct25",
    13: "a_median",
    14: "a_pct75",
    15: "a_pct90",
    16: "jobs_1000",
    17: "loc_quotient",
}
NDT = len(DATATYPE_COLUMNS)
DATA_COLUMNS = ("series_id", "year", "period", "value", "footnote_codes")
NUMBER = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")

BLOCK_BYTES = 1 << 23
#: Arrow memory for the reader's arrays comes from the C library's allocator rather than Arrow's default
#: (mimalloc): mimalloc's large segments are backed by transparent huge pages on Linux, so each first touch zeroes
#: 2 MB (the measurement: devtools/DECISIONS.md).
POOL = pa.system_memory_pool()
#: Byte offsets in a line of BLS's layout: the value (12 characters, right-justified) and the footnote code.
VALUE_AT, FOOTNOTE_AT = 40, 53


# --- the data file: cells ------------------------------------------------------------------------------------------


@dataclass
class Cells:
    """One entry per (year, area, industry, occupation) cell: ``keys`` are the series-id bytes 3..22 (area type,
    area, industry, occupation). The 2-D arrays are ``17 x cells`` (row ``d-1`` is datatype ``d``, so each
    canonical column is contiguous): ``values`` NaN where there is no number, ``dashes`` BLS's ``-``,
    ``present`` True where the file has a line, ``footnote_codes`` an index into ``footnote_texts``."""

    years: np.ndarray
    keys: np.ndarray
    values: np.ndarray
    dashes: np.ndarray
    present: np.ndarray
    footnote_codes: np.ndarray  # uint8 index into footnote_texts per (cell, datatype)
    footnote_texts: list[str] = field(default_factory=lambda: [""])

    def __len__(self) -> int:
        return len(self.keys)


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _check_header(path: Path, first_line: bytes) -> None:
    names = [n.strip() for n in first_line.decode("latin-1").rstrip("\r\n").split("\t")]
    if names[: len(DATA_COLUMNS)] != list(DATA_COLUMNS):
        from analysis.sources.archives import not_bls_data_error

        damaged = not_bls_data_error(str(path), first_line, expected="tab-separated " + ", ".join(DATA_COLUMNS))
        if damaged is not None:
            raise damaged
        raise OEWSInputError(
            "not a BLS oe data file: the first line is not its header",
            location=Location(file=str(path), row=1),
            found=first_line[:120].decode("latin-1"),
            expected="tab-separated " + ", ".join(DATA_COLUMNS),
        )


def _unaligned(buf: np.ndarray, dtype: str) -> np.ndarray:
    """A view with one ``dtype`` element starting at every byte of ``buf`` (no copy)."""
    size = np.dtype(dtype).itemsize
    return np.ndarray(shape=(max(len(buf) - size + 1, 0),), dtype=dtype, buffer=buf, strides=(1,))


#: Longer than any line of BLS's layout (56 bytes) by far: a block with no line end within this many bytes of its
#: last one is not that layout (the line parser then names the line), and a read buffer never grows.
MAX_LINE_BYTES = 4096


def _blocks(handle, block_bytes: int, free: queue.SimpleQueue) -> Iterator[tuple[bytearray | None, memoryview]]:
    """The rest of the file in blocks of whole lines, each read straight into a buffer taken from ``free`` (the
    parser puts it back when it is done with it: reusing a few buffers spares the operating system zeroing
    fresh pages for every block). Yields ``(buffer, lines)``; a last line without a line end comes in a buffer
    of its own (``None``: not to be put back)."""
    rest = b""
    while True:
        buffer = free.get()
        view = memoryview(buffer)
        view[: len(rest)] = rest
        got = handle.readinto(view[len(rest) : len(rest) + block_bytes])
        size = len(rest) + (got or 0)
        if not got:
            free.put(buffer)
            break
        cut = buffer.rfind(b"\n", 0, size) + 1
        rest = bytes(view[cut:size])
        if len(rest) > MAX_LINE_BYTES:
            free.put(buffer)
            raise ReaderFallback  # a line far longer than BLS's: the line parser names it
        if cut:
            yield buffer, view[:cut]
        else:
            free.put(buffer)
    if rest.strip():
        yield None, memoryview(bytearray(rest + b"\n"))


@dataclass
class _Block:
    """One block of lines pivoted to cells. ``first_key``/``last_key``: the cell key (three 8-byte words and
    the year bytes) of the block's first and last line; ``continues``: the block's first cell may be the same
    cell as the previous block's last one."""

    first_key: tuple
    last_key: tuple
    continues: bool
    cells: Cells
    footnote_counts: np.ndarray | None = None  # lines per footnote byte (0: none)


_SPACES8 = np.uint64(0x2020202020202020)
_DASH4 = np.uint32(int.from_bytes(b"   -", "little"))
_OEU = np.uint64(int.from_bytes(b"OEU", "little"))
_PERIOD = np.uint64(int.from_bytes(b"\tA01\t", "little"))  # the tabs around the period at bytes 35 and 39
_PADDING = np.uint64(int.from_bytes(b"     \t", "little"))  # series id bytes 25..29 and the tab at 30
#: Every line of BLS's layout holds at least these bytes before its footnote code (byte 53): one copy of them per
#: line (a fixed-width row) lets every field be read as a strided view, without an index array per field.
_LINE_BYTES = FOOTNOTE_AT + 1


def _field(lines: np.ndarray, offset: int, dtype: str) -> np.ndarray:
    """Column ``offset`` of the fixed-width rows ``lines`` (``n x _LINE_BYTES`` bytes) as ``dtype`` (no copy)."""
    return np.ndarray(shape=(len(lines),), dtype=dtype, buffer=lines, offset=offset, strides=(lines.strides[0],))


def _parse_block(block: memoryview, occ_filter: np.ndarray | None, type_filter: set[int] | None) -> _Block | None:
    """Parse whole lines laid out exactly as BLS writes them; raise :class:`ReaderFallback` on anything else."""
    buf = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero(buf == 10)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    content_end = ends - (buf[ends - 1] == 13)
    blank = content_end == starts
    if blank.any():
        starts, content_end = starts[~blank], content_end[~blank]
    if len(starts) == 0:
        return None
    footnote_len = content_end - starts - FOOTNOTE_AT
    if footnote_len.min() < 0 or footnote_len.max() > 1:
        raise ReaderFallback
    # Every line has at least _LINE_BYTES bytes (its footnote code or its line end at byte 53): copy them once.
    lines = _unaligned(buf, f"V{_LINE_BYTES}")[starts].view(np.uint8).reshape(-1, _LINE_BYTES)
    del ends, content_end
    if not (lines[:, 52] == 9).all():
        raise ReaderFallback
    if not ((_field(lines, 0, "<u4") & np.uint32(0xFFFFFF)) == _OEU).all():
        raise ReaderFallback
    if not ((_field(lines, 25, "<u8") & np.uint64(0xFFFFFFFFFFFF)) == _PADDING).all():
        raise ReaderFallback
    if not ((_field(lines, 35, "<u8") & np.uint64(0xFFFFFFFFFF)) == _PERIOD).all():
        raise ReaderFallback

    key_a, key_b, key_c = _field(lines, 3, "<u8"), _field(lines, 11, "<u8"), _field(lines, 15, "<u8")
    year_bytes = _field(lines, 31, "<u4")
    new_cell = np.empty(len(lines), dtype=bool)
    new_cell[0] = True
    np.not_equal(key_a[1:], key_a[:-1], out=new_cell[1:])
    new_cell[1:] |= key_b[1:] != key_b[:-1]
    new_cell[1:] |= key_c[1:] != key_c[:-1]
    new_cell[1:] |= year_bytes[1:] != year_bytes[:-1]
    first_key = (key_a[0], key_b[0], key_c[0], year_bytes[0])
    last_key = (key_a[-1], key_b[-1], key_c[-1], year_bytes[-1])
    del key_a, key_b, key_c, year_bytes

    continues = True
    if occ_filter is not None or type_filter is not None:
        keep = np.ones(len(lines), dtype=bool)
        if occ_filter is not None:
            keep &= np.isin(_field(lines, 17, "S6"), occ_filter)
        if type_filter is not None:
            keep &= np.isin(_line_area_types(lines), list(type_filter))
        continues = bool(keep[0])
        lines, new_cell, footnote_len = lines[keep], new_cell[keep], footnote_len[keep]
        if len(lines) == 0:
            return _Block(first_key, last_key, False, empty_cells())
        new_cell[0] = True

    digits = _field(lines, 23, "<u2").astype(np.int16)
    tens, ones = (digits & 0xFF) - 48, (digits >> 8) - 48
    column = tens * 10 + ones - 1
    if not ((tens >= 0) & (tens <= 9) & (ones >= 0) & (ones <= 9)).all() or column.min() < 0 or column.max() >= NDT:
        raise ReaderFallback

    high, low = _field(lines, VALUE_AT, "<u8"), _field(lines, VALUE_AT + 8, "<u4")
    dashes = low == _DASH4
    words = np.ascontiguousarray(lines[:, VALUE_AT : VALUE_AT + 12])
    if dashes.any():
        if not (high[dashes] == _SPACES8).all():
            raise ReaderFallback
        words[dashes, 11] = 48  # parse '-' as 0, then blank it out below
    offsets = pa.py_buffer((np.arange(len(words) + 1, dtype=np.int32) * 12).tobytes())
    text = pa.Array.from_buffers(pa.string(), len(words), [None, offsets, pa.py_buffer(words)])
    try:
        trimmed = pc.ascii_ltrim_whitespace(text, memory_pool=POOL)
        values = pc.cast(trimmed, pa.float64(), memory_pool=POOL).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise ReaderFallback from None
    del words, text
    if not np.isfinite(values).all() or (values < 0).any():
        raise ReaderFallback
    footnotes = np.where(footnote_len == 1, lines[:, FOOTNOTE_AT], 0).astype(np.uint8)
    footnote_counts = np.bincount(footnotes, minlength=256)

    cell_lines = lines[new_cell]
    count = len(cell_lines)
    flat = column.astype(np.int64) * count + (np.cumsum(new_cell, dtype=np.int64) - 1)
    present = np.zeros(count * NDT, dtype=bool)
    present[flat] = True
    if int(present.sum()) != len(flat):
        raise ReaderFallback  # a series on two lines: the line parser names it
    out_values = np.full(count * NDT, np.nan)
    out_values[flat] = values
    out_values[flat[dashes]] = np.nan
    out_dashes = np.zeros(count * NDT, dtype=bool)
    out_dashes[flat[dashes]] = True
    out_footnotes = np.zeros(count * NDT, dtype=np.uint8)
    out_footnotes[flat] = footnotes
    keys = np.ascontiguousarray(cell_lines[:, 3:23]).view("S20").ravel()
    year_digits = cell_lines[:, 31:35].astype(np.int32) - 48  # four digits (numpy's bytes -> int is slower)
    if ((year_digits < 0) | (year_digits > 9)).any():
        raise ReaderFallback
    years = year_digits @ np.array([1000, 100, 10, 1], dtype=np.int32)
    shape = (NDT, count)
    cells = Cells(
        years,
        keys,
        out_values.reshape(shape),
        out_dashes.reshape(shape),
        present.reshape(shape),
        out_footnotes.reshape(shape),
        [],
    )
    return _Block(first_key, last_key, continues, cells, footnote_counts)


def _line_area_types(lines: np.ndarray) -> np.ndarray:
    """Canonical area type of each line from its series id (N -> 1; S -> 2 or 3; M -> 4 or 6)."""
    letter = lines[:, 3]
    fips = _field(lines, 4, "S2")
    territory = np.isin(fips, np.array(geography.OEWS_TERRITORY_FIPS, dtype="S2"))
    out = np.zeros(len(lines), dtype=np.int8)
    out[letter == ord("N")] = geography.US
    out[(letter == ord("S")) & ~territory] = geography.STATE
    out[(letter == ord("S")) & territory] = geography.TERRITORY
    out[(letter == ord("M")) & (fips == b"00")] = geography.MSA
    out[(letter == ord("M")) & (fips != b"00")] = geography.NONMETRO
    return out


def _workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _map_in_order(function, items: Iterator, workers: int) -> Iterator:
    """``map(function, items)`` on a small thread pool (numpy and Arrow release the GIL), with at most
    ``workers + 1`` items read ahead so that memory holds only a few blocks of the file."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def parse_fast(path: Path, occ_filter, type_filter, block_bytes: int = BLOCK_BYTES) -> Cells:
    workers = _workers()
    free: queue.SimpleQueue = queue.SimpleQueue()
    for _ in range(workers + 2):  # one being read, one waiting and one per worker
        free.put(bytearray(block_bytes + MAX_LINE_BYTES))

    def parse(item: tuple[bytearray | None, memoryview]) -> _Block | None:
        buffer, lines = item
        try:
            return _parse_block(lines, occ_filter, type_filter)
        finally:
            if buffer is not None:
                free.put(buffer)

    with _open_binary(path) as handle:
        _check_header(path, handle.readline())
        # Blocks are read, not memory-mapped: a map of a file cut short while it is read kills the process (SIGBUS),
        # and maps were no faster (devtools/DECISIONS.md).
        blocks = [b for b in _map_in_order(parse, _blocks(handle, block_bytes, free), workers) if b is not None]
    parts: list[Cells] = []
    previous = None
    for block in blocks:
        cells = block.cells
        if previous is not None and block.continues and block.first_key == previous and len(cells) and parts:
            # The previous block's last cell goes on in this block: merge the two partial rows.
            last = next(p for p in reversed(parts) if len(p))
            if (last.present[:, -1] & cells.present[:, 0]).any():
                raise ReaderFallback
            take = cells.present[:, 0]
            for name in ("values", "dashes", "present", "footnote_codes"):
                getattr(last, name)[take, -1] = getattr(cells, name)[take, 0]
            cells = Cells(
                cells.years[1:],
                cells.keys[1:],
                cells.values[:, 1:],
                cells.dashes[:, 1:],
                cells.present[:, 1:],
                cells.footnote_codes[:, 1:],
                [],
            )
        previous = block.last_key
        parts.append(cells)
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_cells()
    joined = Cells(
        *(
            np.concatenate([getattr(p, name) for p in parts], axis=0 if name in ("years", "keys") else 1)
            for name in ("years", "keys", "values", "dashes", "present", "footnote_codes")
        ),
        [],
    )
    del parts
    # The footnote code of each value is its byte (0 for none): footnote_texts is indexed by that byte ("" where
    # no value has it), so the codes need no second pass.
    used = np.flatnonzero(sum(b.footnote_counts for b in blocks if b.footnote_counts is not None))
    joined.footnote_texts = [""] * (int(used.max(initial=0)) + 1)
    for byte in used[used > 0]:
        joined.footnote_texts[byte] = chr(byte)
    del blocks
    if len(joined) > 1:
        keys, years = joined.keys, joined.years
        ascending = (keys[1:] > keys[:-1]) | ((keys[1:] == keys[:-1]) & (years[1:] > years[:-1]))
        if not ascending.all() and pd.DataFrame({"k": keys, "y": years}).duplicated().any():
            raise ReaderFallback  # the same cell in two places: the line parser names the repeated series
    return joined


def empty_cells() -> Cells:
    return Cells(
        np.empty(0, np.int32),
        np.empty(0, "S20"),
        np.empty((NDT, 0)),
        np.empty((NDT, 0), bool),
        np.empty((NDT, 0), bool),
        np.empty((NDT, 0), np.uint8),
        [""],
    )


def parse_lines(path: Path, mappings, occ_filter, type_filter) -> Cells:
    """The general parser: any tab-separated layout, one line at a time, every problem reported precisely."""
    index: dict[tuple[int, bytes], int] = {}
    years: list[int] = []
    keys: list[bytes] = []
    rows: list[list] = []
    texts = [""]
    text_index = {"": 0}
    wanted_occ = None if occ_filter is None else {o.decode() for o in occ_filter}
    with _open_binary(path) as handle:
        _check_header(path, handle.readline())
        for number, raw_line in enumerate(handle, start=2):
            line = raw_line.decode("latin-1").rstrip("\r\n")
            if not line.strip():
                continue

            def bad(problem, column=None, found=None, expected=None, number=number, line=line):
                return OEWSInputError(
                    problem,
                    location=Location(file=str(path), row=number, column=column),
                    found=found if found is not None else line,
                    expected=expected,
                )

            fields = [f.strip() for f in line.split("\t")]
            if len(fields) == 4:
                fields.append("")
            if len(fields) != 5:
                raise bad(
                    f"malformed line: {len(fields)} tab-separated fields",
                    expected="5 fields: " + ", ".join(DATA_COLUMNS),
                )
            series, year_text, period, value, footnote = fields
            if not re.fullmatch(r"OEU[NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}", series):
                raise bad(
                    "malformed series id",
                    "series_id",
                    series,
                    "OEU + area type N/S/M + area (7 digits) + industry (6) + occupation (6) + datatype (2)",
                )
            area_code, industry, occupation, datatype = series[4:11], series[11:17], series[17:23], series[23:25]
            if area_code not in mappings.areas:
                raise bad("unknown area code (not in oe.area)", "series_id", area_code)
            if industry not in mappings.industries:
                raise bad("unknown industry code (not in oe.industry)", "series_id", industry)
            if occupation not in mappings.occupations:
                raise bad("unknown occupation code (not in oe.occupation)", "series_id", occupation)
            if datatype not in mappings.datatypes or int(datatype) not in DATATYPE_COLUMNS:
                raise bad(
                    "unknown datatype",
                    "series_id",
                    datatype,
                    "one of " + ", ".join(sorted(d for d in mappings.datatypes if int(d) in DATATYPE_COLUMNS)),
                )
            if not re.fullmatch(r"\d{4}", year_text):
                raise bad("malformed year", "year", year_text, "a 4-digit year")
            if period != "A01":
                raise bad("not an annual estimate", "period", period, "A01 (OEWS estimates are annual)")
            codes = [c.strip() for c in footnote.split(",") if c.strip()]
            for code in codes:
                if code not in mappings.footnotes:
                    raise bad(
                        "unknown footnote code (not in oe.footnote)",
                        "footnote_codes",
                        code,
                        "one of " + ", ".join(sorted(mappings.footnotes)),
                    )
            if value == "-":
                number_value = np.nan
            elif NUMBER.match(value) and math.isfinite(float(value)):
                number_value = float(value)
            else:
                raise bad("malformed value", "value", value, "a number or '-' with a footnote code")
            if wanted_occ is not None and occupation not in wanted_occ:
                continue
            if type_filter is not None and geography.area_type_from_flat_file(series[3], area_code) not in type_filter:
                continue
            key = (int(year_text), series[3:23].encode())
            cell = index.get(key)
            if cell is None:
                cell = index[key] = len(keys)
                years.append(key[0])
                keys.append(key[1])
                rows.append([None] * NDT)
            column = int(datatype) - 1
            if rows[cell][column] is not None:
                raise bad("the same series appears twice", "series_id", series, "one line per series and year")
            normalised = ",".join(codes)
            if normalised not in text_index:
                text_index[normalised] = len(texts)
                texts.append(normalised)
            rows[cell][column] = (number_value, value == "-", text_index[normalised])
    if not keys:
        return empty_cells()
    count = len(keys)
    values = np.full((NDT, count), np.nan)
    dashes = np.zeros((NDT, count), bool)
    present = np.zeros((NDT, count), bool)
    footnotes = np.zeros((NDT, count), np.uint8 if len(texts) < 256 else np.uint16)
    for cell, row in enumerate(rows):
        for column, entry in enumerate(row):
            if entry is not None:
                values[column, cell], dashes[column, cell], footnotes[column, cell] = entry
                present[column, cell] = True
    return Cells(np.array(years, np.int32), np.array(keys, dtype="S20"), values, dashes, present, footnotes, texts)
