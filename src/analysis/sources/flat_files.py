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
in the code tables), so the schema check skips its costliest rule (timings: devtools/DECISIONS.md). Any file that
strays from that layout (unpadded series ids, unsorted lines, unknown codes, malformed values) is read again by a
plain line-by-line parser (:mod:`analysis.sources.flat_cells`), which accepts any tab-separated layout and names
the file, line, field and value of every problem it finds.
"""

from __future__ import annotations

import ctypes
import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.conventions import geography
from analysis.conventions.releases import check_release_years
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
from analysis.conventions.topcode import parse_top_code
from analysis.errors import (
    Location,
    NotBLSDataError,
    OEWSInputError,
    ParameterError,
    ReaderFallback,
    YearConflictError,
)
from analysis.sources.flat_cells import (
    DATATYPE_COLUMNS,
    POOL,
    Cells,
    parse_fast,
    parse_lines,
)

__all__ = [
    "DATATYPE_COLUMNS",
    "MAPPING_FILES",
    "industry_fields",
    "occupation_group",
    "read_flat_files",
    "read_mappings",
]

_HOURLY = [3, 6, 7, 8, 9, 10]
_ANNUAL = [4, 11, 12, 13, 14, 15]

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
_TOP_CODE_FOOTNOTE = next(code for code, status in FOOTNOTE_STATUS.items() if status == "top_coded")
_NOT_RELEASED = SYMBOL_STATUS["-"]


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
    raise OEWSInputError(f"not an oe industry code: {code!r}")


def occupation_group(code: str, display_level: int | str) -> str:
    """BLS's ``O_GROUP`` from oe.occupation's ``display_level``: ``00-0000`` total, 0 major, 1 minor, 2 broad,
    3 detailed."""
    if str(code).replace("-", "") == "000000":
        return "total"
    level = int(display_level)
    if level not in _O_GROUPS:
        raise OEWSInputError(f"unknown occupation display_level {display_level!r}")
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
        bound = parse_top_code(text, source=str(_find(folder, "oe.footnote")))
        if bound is None:
            number = next(n for n, r in footnote_rows if r["footnote_code"] == _TOP_CODE_FOOTNOTE)
            raise OEWSInputError(
                "the top-code footnote does not state the hourly and annual bounds",
                location=Location(file=str(_find(folder, "oe.footnote")), row=number, column="footnote_text"),
                found=text,
                expected="text like 'equal to or greater than $115.00 per hour or $239,200 per year'",
            )
        mappings.top_code_hourly = bound.hourly
        mappings.top_code_annual = bound.annual
    return mappings


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
    table = pa.array(values, pa.large_string(), memory_pool=POOL)
    return pd.array(pc.take(table, pa.array(codes, mask=mask, memory_pool=POOL), memory_pool=POOL), dtype="string")


def _null_strings(count: int):
    return pd.array(pa.nulls(count, pa.large_string(), memory_pool=POOL), dtype="string")


def _null_numbers(count: int):
    return pd.arrays.FloatingArray(np.zeros(count), np.ones(count, dtype=bool))


def _footnote_statuses(cells: Cells, mappings: Mappings) -> list[str]:
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


#: The canonical column of each datatype row of :class:`Cells`, and the reverse.
_ROW_OF_COLUMN = {name: datatype - 1 for datatype, name in DATATYPE_COLUMNS.items()}


def _build_frame(cells: Cells, mappings: Mappings, source: str) -> tuple[pd.DataFrame, bool]:
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
    try:
        return {geography.normalise_area_type(t) for t in area_types}
    except ValueError as exc:  # an area type asked for, not a file's: the caller's parameter
        raise ParameterError(str(exc)) from None


def _occ_filter(occ_codes: Iterable[str] | None) -> np.ndarray | None:
    if occ_codes is None:
        return None
    if isinstance(occ_codes, str):
        occ_codes = [occ_codes]
    codes = []
    for code in occ_codes:
        text = str(code).strip().replace("-", "")
        if not re.fullmatch(r"\d{6}", text):
            raise ParameterError(f"not an occupation code: {code!r}; expected '29-2072' or '292072'")
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
            cells = parse_fast(data_file, occ_filter, type_filter)
            _release_memory()  # the parser's scratch memory goes back before the frame is built
            frame, key_is_unique = _build_frame(cells, mappings, source)
        except (ReaderFallback, _UnknownCode):
            cells = parse_lines(data_file, mappings, occ_filter, type_filter)
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
    check_release_years(years, source=source)  # this reader validates its own frame (read_oews does not again)
    frame = conform(frame)
    return validate(frame, key_is_unique=key_is_unique) if check else frame
