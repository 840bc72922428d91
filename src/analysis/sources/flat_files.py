"""Read BLS's ``oe`` time-series flat files into the canonical frame.

BLS publishes every OEWS estimate of a release as one line of ``oe.data.0.Current`` (and of ``oe.data.1.AllData``)
at https://download.bls.gov/pub/time.series/oe/, with mapping files that name the codes::

    series_id                     <TAB>year<TAB>period<TAB>       value<TAB>footnote_codes<CR><LF>
    OEUM001018000000000000001     <TAB>2025<TAB>A01<TAB>       75070<TAB><CR><LF>
    OEUM001018000000000000003     <TAB>2025<TAB>A01<TAB>           -<TAB>8<CR><LF>

The 25-character series id is ``OEU`` + area type (``N`` national, ``S`` state or territory, ``M`` metropolitan
or nonmetropolitan area) + area (7 digits) + industry (6) + occupation (6) + datatype (2, ``01`` employment ...
``17`` location quotient, see :data:`DATATYPE_COLUMNS`). A value BLS does not publish is ``-`` with a footnote:
4 (wage not available: occupation paid only hourly or only annually), 5 (at or above the top-code, whose bounds
``oe.footnote`` states) or 8 (estimate not released). These become statuses (``schema.FOOTNOTE_STATUS``).

:func:`read_flat_files` turns the 17 lines of each (area, industry, occupation) into one canonical row:
area ``"0000000"`` -> ``"99"``, ``"0600000"`` -> ``"06"``, ``"0010180"`` -> ``"10180"``, nonmetropolitan areas keep
their 7 digits (:mod:`analysis.conventions.geography`); industry codes become BLS's special-request style
(:func:`industry_fields`); occupation ``"292072"`` -> ``"29-2072"`` with ``o_group`` from ``display_level``.

Speed: BLS writes every field but the footnote at a fixed byte offset of its line, and sorts the file by series
id. The fast path reads the file (a ``.gz`` decompressed as it is read) in blocks of whole lines into a few
reused buffers and parses them on two threads with numpy (no per-line Python): the first 54 bytes of every line
are copied once into a fixed-width row, each field is a strided view of those rows, each line's cell key is
compared with the previous line's as three 8-byte words, and the values are parsed with Arrow's string ->
float64 cast. The frame is built in the canonical column order and dtypes, so conforming it costs nothing, and
it is validated here, where its key is known to be unique (one cell per series-id key, distinct canonical codes
in the code tables), so the schema check skips its costliest rule. The whole May 2025 file (331 MB, 6.0 million
lines) takes about 1.2 s of CPU in all, 0.8 s of wall time on two cores. Any file that strays from that layout (unpadded
series ids, unsorted lines, unknown codes, malformed values) is read again by a plain line-by-line parser, which
accepts any tab-separated layout and names the file, line, field and value of every problem it finds.
"""

from __future__ import annotations

import ctypes
import gzip
import math
import os
import queue
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.conventions import geography
from analysis.conventions.schema import (
    CANONICAL_COLUMNS,
    FOOTNOTE_STATUS,
    SYMBOL_STATUS,
    VALUE_COLUMNS,
    conform,
    empty_frame,
    same_text,
    validate,
)
from analysis.errors import (
    Location,
    NotBLSDataError,
    OEWSInputError,
    ReaderFallback,
    YearConflictError,
)

__all__ = [
    "DATATYPE_COLUMNS",
    "MAPPING_FILES",
    "industry_fields",
    "occupation_group",
    "read_flat_files",
    "read_mappings",
]

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
_NDT = len(DATATYPE_COLUMNS)
_HOURLY = [3, 6, 7, 8, 9, 10]
_ANNUAL = [4, 11, 12, 13, 14, 15]

DATA_COLUMNS = ("series_id", "year", "period", "value", "footnote_codes")

#: The mapping files the reader needs, and the columns it reads from each (BLS's names).
MAPPING_FILES: dict[str, tuple[str, ...]] = {
    "oe.area": ("state_code", "area_code", "areatype_code", "area_name"),
    "oe.industry": ("industry_code", "industry_name", "display_level"),
    "oe.occupation": ("occupation_code", "occupation_name", "display_level"),
    "oe.datatype": ("datatype_code", "datatype_name"),
    "oe.footnote": ("footnote_code", "footnote_text"),
}

#: BLS's cross-industry pseudo-NAICS codes and the ownership each one covers (BLS's OWN_CODE).
CROSS_INDUSTRY_OWNERSHIP: dict[str, str] = {
    "000000": "1235",  # cross-industry, private, federal, state and local government
    "000001": "5",  # cross-industry, private ownership only
    "999001": "123",  # federal, state and local government, incl. state and local schools and hospitals and USPS
    "999101": "1",  # federal government, including the U.S. Postal Service
    "999201": "2",  # state government, including schools and hospitals
    "999301": "3",  # local government, including schools and hospitals
}

#: Government industries whose title states the ownership (Sector 99 and the 999x00 OEWS designations).
GOVERNMENT_OWNERSHIP: dict[str, str] = {
    "99": "123",  # Federal, State, and Local Government, excl. state and local schools and hospitals and USPS
    "999000": "123",
    "999100": "1",  # Federal Executive Branch
    "999200": "2",  # State Government, excluding schools and hospitals
    "999300": "3",  # Local Government, excluding schools and hospitals
}
_OWNED_TITLE = re.compile(r",\s*(State Government|Local Government|Privately) Owned$", re.IGNORECASE)
_OWNED_CODES = {"state government": "2", "local government": "3", "privately": "5"}

_O_GROUPS = {0: "major", 1: "minor", 2: "broad", 3: "detailed"}
_SECTOR_CODE = re.compile(r"^(\d{2})-{1,2}(\d{2,3})$")
_SECTOR_TITLE_PREFIX = re.compile(r"^Sectors?\s+[\d,\sand]+-\s+")
_NUMBER = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
_TOP_HOURLY = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*per hour", re.IGNORECASE)
_TOP_ANNUAL = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*per year", re.IGNORECASE)
_TOP_CODE_FOOTNOTE = next(code for code, status in FOOTNOTE_STATUS.items() if status == "top_coded")
_NOT_RELEASED = SYMBOL_STATUS["-"]

_BLOCK_BYTES = 1 << 23
#: Arrow memory for the reader's arrays comes from the C library's allocator rather than Arrow's default
#: (mimalloc): mimalloc's large segments are backed by transparent huge pages on Linux, so each first touch zeroes
#: 2 MB. Measured on the full May 2025 file: building the frame took 0.47 s of system time with mimalloc and
#: 0.17 s with this pool, and the peak RSS fell from 462 to 421 MB.
_POOL = pa.system_memory_pool()
#: Byte offsets in a line of BLS's layout: the value (12 characters, right-justified) and the footnote code.
_VALUE_AT, _FOOTNOTE_AT = 40, 53


# --- industries and occupations ----------------------------------------------------------------------------------


def industry_fields(code: str, title: str, display_level: int | str | None = None) -> tuple[str, str, str, str | None]:
    """``(naics, naics_title, i_group, own_code)`` in BLS's special-request style for an oe.industry code.

    * cross-industry pseudo codes keep their code; ownership from :data:`CROSS_INDUSTRY_OWNERSHIP`
      (``"000000"`` -> ``("000000", ..., "cross-industry", "1235")``, ``"000001"`` -> own_code ``"5"``);
    * sectors are written ``"62--63"`` (sectors 62 up to, not including, 63) or ``"31--34"`` in the flat files and
      ``"62"`` / ``"31-33"`` in the special-request files; the title loses its ``"Sector 62 - "`` prefix;
    * other codes are 6-character NAICS or OEWS codes, kept as BLS writes them. ``i_group`` counts the
      significant digits (``"621000"`` 3-digit, ``"621100"`` 4-digit, ``"621110"`` 5-digit, ``"621111"``
      6-digit); OEWS combinations of 4-digit industries (``"3250A1"``) are 4-digit, as BLS labels them.
      Ownership-specific codes (``"622002"`` "Hospitals, State Government Owned") have the group of their
      all-ownership code (``"622000"``).

    ``own_code`` is BLS's ownership code where the code or its title states it (cross-industry codes, the
    government codes 99/999x00, titles ending "State Government Owned" 2, "Local Government Owned" 3,
    "Privately Owned" 5); otherwise None: the flat files do not say which ownerships an ordinary industry's
    estimate covers, and it is never guessed."""
    code = str(code).strip()
    title = str(title).strip()
    if code in CROSS_INDUSTRY_OWNERSHIP:
        return code, title, "cross-industry", CROSS_INDUSTRY_OWNERSHIP[code]
    sector = _SECTOR_CODE.match(code)
    if sector:
        first, end = int(sector.group(1)), int(sector.group(2))
        naics = f"{first:02d}" if end - first <= 1 else f"{first:02d}-{end - 1:02d}"
        return naics, _SECTOR_TITLE_PREFIX.sub("", title), "sector", GOVERNMENT_OWNERSHIP.get(naics)
    if re.fullmatch(r"\d{4}A\d", code):
        return code, title, "4-digit", None
    if re.fullmatch(r"\d{6}", code):
        owned = _OWNED_TITLE.search(title)
        base = code[:5] + "0" if owned and code[5] in "235" else code
        significant = len(base.rstrip("0"))
        group = "3-digit" if significant <= 3 else f"{significant}-digit"
        own_code = _OWNED_CODES[owned.group(1).lower()] if owned else GOVERNMENT_OWNERSHIP.get(code)
        return code, title, group, own_code
    raise ValueError(f"not an oe industry code: {code!r}")


def occupation_group(code: str, display_level: int | str) -> str:
    """BLS's ``O_GROUP`` from oe.occupation's ``display_level``: ``00-0000`` total, 0 major, 1 minor, 2 broad,
    3 detailed."""
    if str(code).replace("-", "") == "000000":
        return "total"
    level = int(display_level)
    if level not in _O_GROUPS:
        raise ValueError(f"unknown occupation display_level {display_level!r}")
    return _O_GROUPS[level]


# --- mapping files -------------------------------------------------------------------------------------------------


@dataclass
class Mappings:
    """The mapping files of a release, keyed by the codes as the series ids write them."""

    folder: Path
    areas: dict[str, tuple[str, str, str]]  # area_code -> (areatype_code, state_code, area_name)
    industries: dict[str, tuple[str, int]]  # industry_code -> (industry_name, display_level)
    occupations: dict[str, tuple[str, int]]  # occupation_code -> (occupation_name, display_level)
    datatypes: dict[str, str]
    footnotes: dict[str, str]
    top_code_hourly: float | None = None
    top_code_annual: float | None = None


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _damaged_gzip(path: Path, exc: Exception) -> NotBLSDataError:
    return NotBLSDataError(
        "truncated or damaged gzip file; download or rebuild it again",
        location=Location(file=str(path)),
        found=f"{type(exc).__name__}: {exc}",
        expected="a complete gzip stream of a BLS oe flat file",
    )


def _read_text(path: Path) -> str:
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise _damaged_gzip(path, exc) from exc
    _check_encoding(path, data[:4096])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_mapping(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    path = _find(folder, name)
    if path is None:
        raise OEWSInputError(
            f"mapping file {name} is missing beside the oe data file",
            location=Location(file=str(folder / name)),
            expected=f"{name} (or {name}.gz) in {folder}, as BLS publishes it at "
            "https://download.bls.gov/pub/time.series/oe/",
        )
    lines = _read_text(path).splitlines()
    _check_width(lines, path)
    if not lines:
        raise OEWSInputError(
            "empty mapping file", location=Location(file=str(path)), expected="a header line and one line per code"
        )
    header = [h.strip() for h in lines[0].split("\t")]
    missing = [c for c in MAPPING_FILES[name] if c not in header]
    if missing:
        raise OEWSInputError(
            f"mapping file {name} lacks column(s) {', '.join(missing)}",
            location=Location(file=str(path), row=1),
            found=header,
            expected="BLS's columns " + ", ".join(MAPPING_FILES[name]),
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < len(header):
            fields += [""] * (len(header) - len(fields))
        rows.append((number, dict(zip(header, fields))))
    return rows


def _check_encoding(path: Path, head: bytes) -> None:
    """Text in UTF-16 or UTF-32 is named as such (BLS writes ASCII), not read as garbled fields."""
    from analysis.sources.archives import wide_text_encoding, wide_text_error

    encoding = wide_text_encoding(head)
    if encoding is not None:
        raise wide_text_error(str(path), encoding, expected="an oe flat file as BLS publishes it (ASCII text)")


def _check_width(lines: list[str], path: Path) -> None:
    """A mapping file's lines are split into fields: refuse one far wider than BLS writes first (bounded memory)."""
    from analysis.sources.bounds import check_line_width

    check_line_width(lines, str(path), separators="\t")


def _level(path: Path, name: str, number: int, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise OEWSInputError(
            "display_level is not a whole number",
            location=Location(file=str(path / name), row=number, column="display_level"),
            found=value,
            expected="0, 1, 2, ...",
        ) from None


def _money(text: str) -> float:
    return float(text.replace(",", ""))


def read_mappings(folder: str | os.PathLike) -> Mappings:
    """Read oe.area, oe.industry, oe.occupation, oe.datatype and oe.footnote (plain or ``.gz``) from ``folder``.

    The top-code bounds come from the text of footnote 5, e.g. "This wage is equal to or greater than $115.00
    per hour or $239,200 per year."."""
    folder = Path(folder)
    areas = {
        r["area_code"]: (r["areatype_code"], r["state_code"], r["area_name"])
        for _, r in _read_mapping(folder, "oe.area")
    }
    industries = {
        r["industry_code"]: (r["industry_name"], _level(folder, "oe.industry", n, r["display_level"]))
        for n, r in _read_mapping(folder, "oe.industry")
    }
    occupations = {
        r["occupation_code"]: (r["occupation_name"], _level(folder, "oe.occupation", n, r["display_level"]))
        for n, r in _read_mapping(folder, "oe.occupation")
    }
    datatypes = {r["datatype_code"]: r["datatype_name"] for _, r in _read_mapping(folder, "oe.datatype")}
    footnote_rows = _read_mapping(folder, "oe.footnote")
    footnotes = {r["footnote_code"]: r["footnote_text"] for _, r in footnote_rows}
    mappings = Mappings(folder, areas, industries, occupations, datatypes, footnotes)
    if _TOP_CODE_FOOTNOTE in footnotes:
        text = footnotes[_TOP_CODE_FOOTNOTE]
        hourly, annual = _TOP_HOURLY.search(text), _TOP_ANNUAL.search(text)
        if not hourly or not annual:
            number = next(n for n, r in footnote_rows if r["footnote_code"] == _TOP_CODE_FOOTNOTE)
            raise OEWSInputError(
                "the top-code footnote does not state the hourly and annual bounds",
                location=Location(file=str(_find(folder, "oe.footnote")), row=number, column="footnote_text"),
                found=text,
                expected="text like 'equal to or greater than $115.00 per hour or $239,200 per year'",
            )
        mappings.top_code_hourly = _money(hourly.group(1))
        mappings.top_code_annual = _money(annual.group(1))
    return mappings


# --- the data file: cells ------------------------------------------------------------------------------------------


@dataclass
class _Cells:
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
_MAX_LINE_BYTES = 4096


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
        if len(rest) > _MAX_LINE_BYTES:
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
    cells: _Cells
    footnote_counts: np.ndarray | None = None  # lines per footnote byte (0: none)


_SPACES8 = np.uint64(0x2020202020202020)
_DASH4 = np.uint32(int.from_bytes(b"   -", "little"))
_OEU = np.uint64(int.from_bytes(b"OEU", "little"))
_PERIOD = np.uint64(int.from_bytes(b"\tA01\t", "little"))  # the tabs around the period at bytes 35 and 39
_PADDING = np.uint64(int.from_bytes(b"     \t", "little"))  # series id bytes 25..29 and the tab at 30
#: Every line of BLS's layout holds at least these bytes before its footnote code (byte 53): one copy of them per
#: line (a fixed-width row) lets every field be read as a strided view, without an index array per field.
_LINE_BYTES = _FOOTNOTE_AT + 1


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
    footnote_len = content_end - starts - _FOOTNOTE_AT
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
            return _Block(first_key, last_key, False, _empty_cells())
        new_cell[0] = True

    digits = _field(lines, 23, "<u2").astype(np.int16)
    tens, ones = (digits & 0xFF) - 48, (digits >> 8) - 48
    column = tens * 10 + ones - 1
    if not ((tens >= 0) & (tens <= 9) & (ones >= 0) & (ones <= 9)).all() or column.min() < 0 or column.max() >= _NDT:
        raise ReaderFallback

    high, low = _field(lines, _VALUE_AT, "<u8"), _field(lines, _VALUE_AT + 8, "<u4")
    dashes = low == _DASH4
    words = np.ascontiguousarray(lines[:, _VALUE_AT : _VALUE_AT + 12])
    if dashes.any():
        if not (high[dashes] == _SPACES8).all():
            raise ReaderFallback
        words[dashes, 11] = 48  # parse '-' as 0, then blank it out below
    offsets = pa.py_buffer((np.arange(len(words) + 1, dtype=np.int32) * 12).tobytes())
    text = pa.Array.from_buffers(pa.string(), len(words), [None, offsets, pa.py_buffer(words)])
    try:
        trimmed = pc.ascii_ltrim_whitespace(text, memory_pool=_POOL)
        values = pc.cast(trimmed, pa.float64(), memory_pool=_POOL).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise ReaderFallback from None
    del words, text
    if not np.isfinite(values).all() or (values < 0).any():
        raise ReaderFallback
    footnotes = np.where(footnote_len == 1, lines[:, _FOOTNOTE_AT], 0).astype(np.uint8)
    footnote_counts = np.bincount(footnotes, minlength=256)

    cell_lines = lines[new_cell]
    count = len(cell_lines)
    flat = column.astype(np.int64) * count + (np.cumsum(new_cell, dtype=np.int64) - 1)
    present = np.zeros(count * _NDT, dtype=bool)
    present[flat] = True
    if int(present.sum()) != len(flat):
        raise ReaderFallback  # a series on two lines: the line parser names it
    out_values = np.full(count * _NDT, np.nan)
    out_values[flat] = values
    out_values[flat[dashes]] = np.nan
    out_dashes = np.zeros(count * _NDT, dtype=bool)
    out_dashes[flat[dashes]] = True
    out_footnotes = np.zeros(count * _NDT, dtype=np.uint8)
    out_footnotes[flat] = footnotes
    keys = np.ascontiguousarray(cell_lines[:, 3:23]).view("S20").ravel()
    year_digits = cell_lines[:, 31:35].astype(np.int32) - 48  # four digits (numpy's bytes -> int is slower)
    if ((year_digits < 0) | (year_digits > 9)).any():
        raise ReaderFallback
    years = year_digits @ np.array([1000, 100, 10, 1], dtype=np.int32)
    shape = (_NDT, count)
    cells = _Cells(
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


def _parse_fast(path: Path, occ_filter, type_filter, block_bytes: int = _BLOCK_BYTES) -> _Cells:
    workers = _workers()
    free: queue.SimpleQueue = queue.SimpleQueue()
    for _ in range(workers + 2):  # one being read, one waiting and one per worker
        free.put(bytearray(block_bytes + _MAX_LINE_BYTES))

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
        # and maps measured no faster here (1.15-1.29 s vs 1.26-1.35 s for the whole read_oews call, 14:56).
        blocks = [b for b in _map_in_order(parse, _blocks(handle, block_bytes, free), workers) if b is not None]
    parts: list[_Cells] = []
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
            cells = _Cells(
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
        return _empty_cells()
    joined = _Cells(
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


def _empty_cells() -> _Cells:
    return _Cells(
        np.empty(0, np.int32),
        np.empty(0, "S20"),
        np.empty((_NDT, 0)),
        np.empty((_NDT, 0), bool),
        np.empty((_NDT, 0), bool),
        np.empty((_NDT, 0), np.uint8),
        [""],
    )


def _parse_lines(path: Path, mappings: Mappings, occ_filter, type_filter) -> _Cells:
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
            elif _NUMBER.match(value) and math.isfinite(float(value)):
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
                rows.append([None] * _NDT)
            column = int(datatype) - 1
            if rows[cell][column] is not None:
                raise bad("the same series appears twice", "series_id", series, "one line per series and year")
            normalised = ",".join(codes)
            if normalised not in text_index:
                text_index[normalised] = len(texts)
                texts.append(normalised)
            rows[cell][column] = (number_value, value == "-", text_index[normalised])
    if not keys:
        return _empty_cells()
    count = len(keys)
    values = np.full((_NDT, count), np.nan)
    dashes = np.zeros((_NDT, count), bool)
    present = np.zeros((_NDT, count), bool)
    footnotes = np.zeros((_NDT, count), np.uint8 if len(texts) < 256 else np.uint16)
    for cell, row in enumerate(rows):
        for column, entry in enumerate(row):
            if entry is not None:
                values[column, cell], dashes[column, cell], footnotes[column, cell] = entry
                present[column, cell] = True
    return _Cells(np.array(years, np.int32), np.array(keys, dtype="S20"), values, dashes, present, footnotes, texts)


# --- cells -> canonical frame --------------------------------------------------------------------------------------


class _UnknownCode(Exception):
    pass


def _factorize_words(words: np.ndarray, width: int, shift: int = 0) -> tuple[np.ndarray, list[str]]:
    """Factorize ``width``-byte codes held in 8-byte words (``words >> shift``, low ``width`` bytes) -> (codes,
    the distinct codes as strings)."""
    if shift:
        words = words >> np.uint64(shift)
    if width < 8:
        words = words & np.uint64((1 << (8 * width)) - 1)
    codes, uniques = pd.factorize(words)
    texts = [int(u).to_bytes(8, "little")[:width].decode("latin-1") for u in uniques]
    return codes, texts


def _strings(values: list, codes: np.ndarray, mask: np.ndarray | None = None):
    """A pandas ``string`` column: ``values[codes]`` (NA where ``mask``), built in Arrow without Python objects."""
    table = pa.array(values, pa.large_string(), memory_pool=_POOL)
    return pd.array(pc.take(table, pa.array(codes, mask=mask, memory_pool=_POOL), memory_pool=_POOL), dtype="string")


def _null_strings(count: int):
    return pd.array(pa.nulls(count, pa.large_string(), memory_pool=_POOL), dtype="string")


def _null_numbers(count: int):
    return pd.arrays.FloatingArray(np.zeros(count), np.ones(count, dtype=bool))


def _footnote_statuses(cells: _Cells, mappings: Mappings) -> list[str]:
    """The status of a '-' value for each footnote text of ``cells`` (BLS's '-' alone: not released).
    Raises :class:`_UnknownCode` for a footnote code missing from oe.footnote."""
    statuses = []
    for text in cells.footnote_texts:
        codes = [c for c in text.split(",") if c]
        if any(c not in mappings.footnotes for c in codes):
            raise _UnknownCode
        found = [FOOTNOTE_STATUS[c] for c in codes if c in FOOTNOTE_STATUS]
        statuses.append(found[0] if found else _NOT_RELEASED)
    return statuses


#: The canonical column of each datatype row of :class:`_Cells`, and the reverse.
_ROW_OF_COLUMN = {name: datatype - 1 for datatype, name in DATATYPE_COLUMNS.items()}


def _build_frame(cells: _Cells, mappings: Mappings, source: str) -> tuple[pd.DataFrame, bool]:
    """The canonical frame of ``cells``, its columns built in canonical order with the canonical dtypes (so that
    ``conform`` has nothing to do), and whether its key (year, area, naics, own_code, occ_code) is proven unique:
    the cells are (both parsers keep one per year and series-id key), and so are the frame's keys when the code
    tables give distinct canonical codes to the distinct codes used. Raises :class:`_UnknownCode` for a code
    missing from the mappings."""
    if len(cells) == 0:
        return empty_frame(), True
    count = len(cells)

    # The cell key is 20 bytes: area type + area (8), industry (6), occupation (6). Each part is read as an
    # 8-byte word straight from the keys (occupation: bytes 12..19, shifted).
    def word(offset: int) -> np.ndarray:
        return np.ndarray(shape=(count,), dtype="<u8", buffer=cells.keys, offset=offset, strides=(20,))

    area_codes, area_keys = _factorize_words(word(0), 8)
    industry_codes, industry_keys = _factorize_words(word(8), 6)
    occupation_codes, occupation_keys = _factorize_words(word(12), 6, shift=16)

    area_rows = []
    for key in area_keys:
        letter, code = key[0], key[1:]
        if code not in mappings.areas:
            raise _UnknownCode
        _, state_code, name = mappings.areas[code]
        kind = geography.area_type_from_flat_file(letter, code)
        postal = geography.NATIONAL_POSTAL if kind == geography.US else geography.state_postal(state_code)
        title = "U.S." if kind == geography.US else name
        area_rows.append((geography.canonical_area(letter, code), title, kind, postal))
    industry_rows = []
    for code in industry_keys:
        if code not in mappings.industries:
            raise _UnknownCode
        name, level = mappings.industries[code]
        industry_rows.append(industry_fields(code, name, level))
    occupation_rows = []
    for code in occupation_keys:
        if code not in mappings.occupations:
            raise _UnknownCode
        name, level = mappings.occupations[code]
        occupation_rows.append((f"{code[:2]}-{code[2:]}", name, occupation_group(code, level)))
    statuses = _footnote_statuses(cells, mappings)
    key_is_unique = (
        len({row[0] for row in area_rows}) == len(area_rows)
        and len({(row[0], row[3]) for row in industry_rows}) == len(industry_rows)
        and len({row[0] for row in occupation_rows}) == len(occupation_rows)
    )

    # The columns are built on two threads (Arrow's take and numpy release the GIL): each job makes one column.
    data: dict[str, object] = {
        "year": pd.arrays.IntegerArray(cells.years.astype(np.int64), np.zeros(count, dtype=bool))
    }
    jobs: dict[str, Callable[[], object]] = {}
    for position, name in enumerate(("area", "area_title", "area_type", "prim_state")):
        values = [row[position] for row in area_rows]
        if name == "area_type":
            data[name] = pd.arrays.IntegerArray(
                np.asarray(values, dtype=np.int64)[area_codes], np.zeros(count, dtype=bool)
            )
        else:
            jobs[name] = partial(_strings, values, area_codes)
    for position, name in enumerate(("naics", "naics_title", "i_group", "own_code")):
        jobs[name] = partial(_strings, [row[position] for row in industry_rows], industry_codes)
    for position, name in enumerate(("occ_code", "occ_title", "o_group")):
        jobs[name] = partial(_strings, [row[position] for row in occupation_rows], occupation_codes)

    # Values and their statuses: a '-' gets the status of its footnote code (one lookup per distinct code).
    kinds = sorted(set(statuses))
    status_of_code = np.array([kinds.index(s) for s in statuses], dtype=np.int8)

    def status_column(row: int):
        dashes = cells.dashes[row]
        if not dashes.any():
            return _null_strings(count)
        return _strings(kinds, status_of_code[cells.footnote_codes[row]], mask=~dashes)

    for name in VALUE_COLUMNS:
        row = _ROW_OF_COLUMN.get(name)
        if row is None:  # not in the flat files (pct_total, pct_rpt)
            data[name], data[f"{name}_status"] = _null_numbers(count), _null_strings(count)
            continue
        column = cells.values[row]
        data[name] = pd.arrays.FloatingArray(column, np.isnan(column))  # no copy of the values
        jobs[f"{name}_status"] = partial(status_column, row)

    # BLS's ANNUAL / HOURLY flags: only annual (hourly) wages are published, the other basis carries footnote 4.
    is_wage_na = np.array([s == "wage_not_available" for s in statuses])
    is_top_coded = np.array([s == "top_coded" for s in statuses])

    def basis(days: list[int]) -> tuple[np.ndarray, np.ndarray]:
        rows = [d - 1 for d in days]
        codes, dashes = cells.footnote_codes[rows], cells.dashes[rows]
        wage_not_available = dashes & is_wage_na[codes]
        # A number is published where the file has a line that is not '-' (both parsers refuse NaN and infinity).
        published = (cells.present[rows] & ~dashes) | (dashes & is_top_coded[codes])
        return wage_not_available.all(axis=0), published.any(axis=0)

    jobs["_hourly_basis"], jobs["_annual_basis"] = partial(basis, _HOURLY), partial(basis, _ANNUAL)
    jobs["source"] = partial(same_text, source, count)
    with ThreadPoolExecutor(max_workers=2) as pool:
        data.update(zip(jobs, pool.map(lambda job: job(), jobs.values())))
    (hourly_na, hourly_published), (annual_na, annual_published) = data.pop("_hourly_basis"), data.pop("_annual_basis")
    only_annual, only_hourly = hourly_na & annual_published, annual_na & hourly_published
    data["annual"] = pd.arrays.BooleanArray(only_annual, ~only_annual)  # True or NA: the flat files carry no flag,
    data["hourly"] = pd.arrays.BooleanArray(only_hourly, ~only_hourly)  # only footnote 4
    for name, bound in (("top_code_hourly", mappings.top_code_hourly), ("top_code_annual", mappings.top_code_annual)):
        data[name] = (
            _null_numbers(count)
            if bound is None
            else pd.arrays.FloatingArray(np.full(count, bound, dtype=np.float64), np.zeros(count, dtype=bool))
        )
    return pd.DataFrame({name: data[name] for name in CANONICAL_COLUMNS}, copy=False), key_is_unique


def _release_memory() -> None:
    """Return freed memory to the operating system: Arrow's allocator keeps freed blocks, and so does glibc's
    malloc for blocks below its mmap threshold. Purely a memory-footprint measure; nothing depends on it."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _load_libc():
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _load_libc()


# --- entry point ---------------------------------------------------------------------------------------------------


def _data_file(path: Path) -> Path:
    if path.is_file():
        return path
    if not path.is_dir():
        raise OEWSInputError(
            "no such file or folder",
            location=Location(file=str(path)),
            expected="a folder of oe.* flat files or an oe.data.* file",
        )
    candidates = sorted(p for p in path.iterdir() if p.is_file() and p.name.startswith("oe.data."))
    for preferred in ("oe.data.0.Current", "oe.data.0.Current.gz"):
        if path / preferred in candidates:
            return path / preferred
    if len(candidates) == 1:
        return candidates[0]
    raise OEWSInputError(
        "no oe.data file in the folder" if not candidates else "more than one oe.data file in the folder",
        location=Location(file=str(path)),
        found=[p.name for p in candidates] or None,
        expected="oe.data.0.Current (or .gz) beside oe.area, oe.industry, oe.occupation, oe.datatype, oe.footnote",
    )


def _type_filter(area_types: Iterable | None) -> set[int] | None:
    if area_types is None:
        return None
    if isinstance(area_types, (str, int)):
        area_types = [area_types]
    return {geography.normalise_area_type(t) for t in area_types}


def _occ_filter(occ_codes: Iterable[str] | None) -> np.ndarray | None:
    if occ_codes is None:
        return None
    if isinstance(occ_codes, str):
        occ_codes = [occ_codes]
    codes = []
    for code in occ_codes:
        text = str(code).strip().replace("-", "")
        if not re.fullmatch(r"\d{6}", text):
            raise ValueError(f"not an occupation code: {code!r}; expected '29-2072' or '292072'")
        codes.append(text.encode())
    return np.array(sorted(set(codes)), dtype="S6")


def read_flat_files(
    path: str | os.PathLike,
    *,
    year: int | None = None,
    occ_codes: Iterable[str] | None = None,
    area_types: Iterable | None = None,
    check: bool = True,
) -> pd.DataFrame:
    """Read BLS's ``oe`` flat files into the validated canonical frame.

    ``path`` is a folder holding ``oe.data.0.Current`` (or another single ``oe.data.*`` file, plain or ``.gz``)
    and the mapping files oe.area, oe.industry, oe.occupation, oe.datatype and oe.footnote, or the data file
    itself with the mapping files beside it. ``occ_codes`` (``"29-2072"`` or ``"292072"``) and ``area_types``
    (BLS codes or names, see :func:`analysis.conventions.geography.normalise_area_type`) keep only those rows and are
    applied before the values are parsed. ``year``: the file's year column must agree, else
    :class:`~analysis.errors.YearConflictError`. ``check=False`` skips the validation against the canonical schema
    (for benchmarks of the parser alone).

    What the flat files do not carry stays null: ``pct_total``, ``pct_rpt``, the ownership of ordinary industries
    (see :func:`industry_fields`). The U.S. is titled "U.S." as in the special-request files (oe.area: "National").
    ``annual`` / ``hourly`` are True where footnote 4 replaces every hourly (annual) wage and the other basis is
    published, else NA. ``top_code_hourly`` / ``top_code_annual`` are the bounds stated by oe.footnote.

    Raises :class:`~analysis.errors.OEWSInputError` naming the file, line, field and value for a missing mapping
    file, a malformed line, an unknown area, industry, occupation, datatype or footnote code.
    """
    data_file = _data_file(Path(path))
    if data_file.suffix != ".gz":
        with open(data_file, "rb") as handle:
            _check_encoding(data_file, handle.read(4096))
    mappings = read_mappings(data_file.parent)
    occ_filter, type_filter = _occ_filter(occ_codes), _type_filter(area_types)
    source = str(data_file)
    try:
        try:
            cells = _parse_fast(data_file, occ_filter, type_filter)
            _release_memory()  # the parser's scratch memory goes back before the frame is built
            frame, key_is_unique = _build_frame(cells, mappings, source)
        except (ReaderFallback, _UnknownCode):
            cells = _parse_lines(data_file, mappings, occ_filter, type_filter)
            frame, key_is_unique = _build_frame(cells, mappings, source)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise _damaged_gzip(data_file, exc) from exc
    years = sorted({int(y) for y in np.unique(cells.years)})
    del cells  # the frame shares the value arrays; the rest is scratch
    _release_memory()
    if year is not None and years and years != [int(year)]:
        raise YearConflictError(
            "the year column of the oe data file disagrees with year=",
            location=Location(file=source, column="year"),
            found=years,
            expected=f"only {int(year)}",
        )
    frame = conform(frame)
    return validate(frame, key_is_unique=key_is_unique) if check else frame
