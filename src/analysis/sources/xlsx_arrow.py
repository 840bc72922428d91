"""A fast reader for big special-request workbooks (BLS's ``all_data_M_YYYY.xlsx``: ~400,000 rows x 32 columns).

:mod:`analysis.sources.special_request` reads every cell into a Python object (calamine's ``to_python``) and
parses column by column in pandas: right for every year's small files, slow for the all-data workbook. This
module reads the data sheet with ``fastexcel`` (calamine in Rust, straight into Arrow) with **every column as
text**, so BLS's symbols survive (``*``, ``**``, ``#``, ``~``, ``-``: a reader that guesses column types from the
first rows turns them into nulls), then applies the same BLS conventions as ``special_request`` with Arrow
compute kernels, and returns the same canonical frame.

Only the common shape takes the fast path: one data sheet with BLS's header, every occupation code valid, every
value a number or a BLS symbol, area types BLS uses. Anything else (a bad cell, an unknown layout, a year stated
two ways) is handed to :func:`analysis.sources.special_request.read_special_request`, which names the problem
precisely. The result is identical either way (tests compare the two readers).
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from analysis.conventions import codes, schema
from analysis.conventions.topcode import parse_field_descriptions, published_top_code
from analysis.conventions.values import NUMBER
from analysis.errors import ReaderFallback
from analysis.sources import bounds, columns, combine, published_values, sheets
from analysis.sources.file_kinds import year_from_name


def read_workbook_fast(path: str | Path, *, year: int | None = None, validate: bool = True) -> pd.DataFrame:
    """Read one BLS special-request ``.xlsx`` into the canonical frame, like ``read_special_request``, faster.

    ``validate=False`` skips the pandera check (the frame is still conformed to the canonical dtypes)."""
    path = Path(path)
    bounds.check_workbook(path, str(path))  # read_oews checks this as it finds the file; a direct call here
    try:
        with bounds.reader_panics(str(path)):
            frame = _read_fast(path, name=str(path), year=year)
    except ReaderFallback:
        from analysis.sources.special_request import read_special_request

        return read_special_request(path, year=year)
    combine.check_years(frame)
    frame = schema.conform(frame)
    return schema.validate(frame) if validate else frame


def read_member_fast(member, *, year: int | None = None, sibling_notes: dict | None = None) -> pd.DataFrame | None:
    """The fast path for one :class:`~analysis.sources.archives.Member` (a loose file or a file inside a zip
    archive), for ``read_oews``: the frame as ``special_request.read_loaded`` returns it (canonical columns plus
    ``_row``, not yet conformed), or None when the member needs the general reader."""
    if not member.name.lower().endswith(".xlsx"):
        return None
    source = member.data if member.data is not None else Path(member.path)
    try:
        frame = _read_fast(source, name=member.name, year=year, sibling_notes=sibling_notes)
    except ReaderFallback:
        return None
    if "_row" not in frame:
        frame["_row"] = pd.array([None] * len(frame), dtype="Int64")
    return frame


# ------------------------------------------------------------------------------------------------ sheets
def _load_sheets(
    path: Path | bytes, name: str | None = None
) -> tuple[str, int, list[object], pa.Table, object, pd.DataFrame | None]:
    """Every sheet read once by fastexcel as text, with no header row. Returns (data sheet name, header row
    index, header cells, the rows below the header as an Arrow table with columns named by position, field
    descriptions or None, and the rows already converted by :func:`_convert` into pandas when the sheet was read in
    parts).
    The small non-data sheets are re-read with python-calamine (typed cells) for the field descriptions, exactly
    as ``special_request`` reads them."""
    import fastexcel

    name = name or str(path)
    reader = fastexcel.read_excel(path if isinstance(path, bytes) else str(path))
    data_sheets, other_sheets = [], []
    for sheet in reader.sheet_names:
        table, converted = _sheet_text(reader, path, sheet)
        top = _top_rows(table)
        header_at = sheets.header_index(top)
        if header_at is None:
            other_sheets.append(sheet)
            continue
        body = table.slice(header_at + 1)
        if sheet.strip().lower() in sheets.RESERVED_SHEETS:
            raise ReaderFallback(f"a data table on the sheet {sheet!r}, which BLS uses for something else")
        data_sheets.append((sheet, header_at, top[header_at], body, converted))
    if len(data_sheets) != 1:
        raise ReaderFallback("not exactly one data sheet")
    notes = None
    if other_sheets:
        workbook = (
            python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path))
            if isinstance(path, bytes)
            else python_calamine.CalamineWorkbook.from_path(str(path))
        )
        try:
            for sheet in other_sheets:
                rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=200)
                if sheets.is_field_description_sheet(sheet, rows):
                    notes = parse_field_descriptions(rows, source=f"{name}, sheet {sheet!r}")
                    break
        finally:
            workbook.close()
    sheet, header_at, header, body, converted = data_sheets[0]
    return sheet, header_at, header, body, notes, converted


def _top_rows(table: pa.Table) -> list[list[object]]:
    return [list(row.values()) for row in table.slice(0, sheets.HEADER_SEARCH_ROWS).to_pylist()]


def _sheet_text(reader, path: Path | bytes, sheet: str) -> tuple[pa.Table, pd.DataFrame | None]:
    """One sheet as text, and its data rows converted (a pandas frame) when that could be done while reading: a
    big sheet (the all-data workbook's) is read in parts on both cores by
    :func:`analysis.sources.xlsx_parts.load_sheet_parts` (the same table), each part's rows converted by
    :class:`_PartConverter` on the thread that read it; any other sheet is read in one piece (and converted
    later)."""
    from analysis.sources.xlsx_parts import load_sheet_parts, load_text

    converter = _PartConverter()
    loaded = load_sheet_parts(path, sheet, converter)
    if loaded is None:
        return load_text(reader, sheet), None
    table, converted = loaded
    if converter.header_at != sheets.header_index(_top_rows(table)):
        return table, None  # the first part alone placed the header elsewhere: convert the whole body later
    return table, pd.concat(converted, ignore_index=True)


class _PartConverter:
    """``then`` of :func:`~analysis.sources.xlsx_parts.load_sheet_parts`: finds the header in the first part, then
    converts each part's data rows (below the header in the first part, below the copied first row in the others)
    with :func:`_convert` and into pandas on the thread that read the part: the frames of the parts are then only
    joined, which costs less CPU than converting the joined table (devtools/DECISIONS.md)."""

    def __init__(self) -> None:
        self.header_at: int | None = None
        self.names: list[str | None] = []

    def __call__(self, index: int, part: pa.Table) -> pd.DataFrame:
        if index == 0:
            top = _top_rows(part)
            self.header_at = sheets.header_index(top)
            if self.header_at is None:
                raise ReaderFallback("no header in the first part")
            self.names = columns.canonical_names(top[self.header_at])
            body = part.slice(self.header_at + 1)
        else:
            body = part.slice(1)
        _check_names(self.names)
        return _to_pandas(_convert(body, self.names))


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=schema.arrow_types_mapper, memory_pool=_POOL)


def _resolve_year(name: str, year: int | None, notes) -> int:
    stated = {y for y in (year_from_name(name), notes.year if notes is not None else None) if y is not None}
    if year is not None:
        stated.add(int(year))
    if len(stated) != 1:
        raise ReaderFallback("the year is missing or stated differently")
    return stated.pop()


# ------------------------------------------------------------------------------------------------ columns
_FLOAT_WHOLE = r"^(\d+)\.0+$"


def _text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trimmed text; whole numbers written as floats lose '.0'; blanks become null (as columns.as_text)."""
    out = pc.utf8_trim_whitespace(column, memory_pool=_POOL)
    # The regular expression only when a text matches it, looked for among the texts that end in "0" only: titles
    # rarely do, and the replacement costs far more than that check on a title column of the all-data workbook.
    ends_in_zero = pc.filter(out, pc.ends_with(out, "0", memory_pool=_POOL), memory_pool=_POOL)
    if len(ends_in_zero) and pc.any(pc.match_substring_regex(ends_in_zero, _FLOAT_WHOLE, memory_pool=_POOL)).as_py():
        out = pc.replace_substring_regex(out, pattern=_FLOAT_WHOLE, replacement=r"\1", memory_pool=_POOL)
    return pc.if_else(pc.equal(out, "", memory_pool=_POOL), pa.scalar(None, pa.string()), out, memory_pool=_POOL)


#: Arrow's arrays of this reader come from the C library's allocator, as the flat-file reader's do: Arrow's default
#: (mimalloc) costs more system time on the all-data workbook (huge-page segments; devtools/DECISIONS.md).
_POOL = pa.system_memory_pool()
_SYMBOLS_AND_BLANK = pa.array([*schema.SYMBOL_STATUS, ""])
_SYMBOL_STATUSES_AND_NONE = pa.array([*schema.SYMBOL_STATUS.values(), None], pa.string())


def _values(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """(float64 values, status strings) of a column of published cells read as text."""
    text = pc.utf8_trim_whitespace(column, memory_pool=_POOL)
    # One lookup finds BLS's symbols and blank cells: a symbol gives its status, a blank neither value nor status,
    # anything else (not found: null) is a number.
    found = pc.index_in(text, value_set=_SYMBOLS_AND_BLANK, memory_pool=_POOL)
    status = pc.take(_SYMBOL_STATUSES_AND_NONE, found, memory_pool=_POOL)
    candidates = pc.if_else(pc.is_null(found, memory_pool=_POOL), text, pa.scalar(None, pa.string()), memory_pool=_POOL)
    try:
        values = pc.cast(candidates, pa.float64(), memory_pool=_POOL)
    except pa.ArrowInvalid:
        values = None
    if values is None:  # thousands separators ("1,234"), or a value the general reader must judge
        if not pc.any(pc.match_substring(candidates, ",")).as_py():
            raise ReaderFallback("a value that is neither a number nor a BLS symbol")
        if not pc.all(pc.match_substring_regex(candidates, NUMBER.pattern)).as_py():
            raise ReaderFallback("a value that is neither a number nor a BLS symbol")
        try:
            values = pc.cast(pc.replace_substring(candidates, ",", ""), pa.float64(), memory_pool=_POOL)
        except pa.ArrowInvalid:
            raise ReaderFallback("a value that is neither a number nor a BLS symbol") from None
    if pc.all(pc.is_finite(values)).as_py() is False:  # nulls skipped (no number at all: None)
        raise ReaderFallback("an infinite or NaN value")
    return values, status


def _flags(column: pa.ChunkedArray) -> pa.ChunkedArray:
    text = pc.utf8_upper(_text(column))
    truthy = pc.is_in(text, value_set=pa.array(["TRUE", "1", "Y", "YES"]))
    falsy = pc.or_(pc.is_null(text), pc.is_in(text, value_set=pa.array(["FALSE", "0", "N", "NO"])))
    if not pc.all(pc.or_(truthy, falsy)).as_py():
        raise ReaderFallback("a flag that is neither TRUE nor blank")
    return truthy


def _check_plausible(out: dict) -> None:
    """The general reader rejects numbers BLS cannot have published (negative values, percentages over 100,
    wages and employment beyond any estimate, percentile wages out of order); such a workbook goes to it."""
    arrays = {c: out[c].to_numpy(zero_copy_only=False) for c in schema.VALUE_COLUMNS if c in out}
    with np.errstate(invalid="ignore"):
        for column, values in arrays.items():
            limit = published_values.ceiling(column)
            if (values < 0).any() or (limit is not None and (values > limit[0]).any()):
                raise ReaderFallback(f"implausible numbers in {column}")
        for columns in (schema.HOURLY_WAGE_COLUMNS[1:], schema.ANNUAL_WAGE_COLUMNS[1:]):
            for lower, upper in itertools.pairwise(columns):
                if lower in arrays and upper in arrays and (arrays[lower] > arrays[upper]).any():
                    raise ReaderFallback("percentile wages out of order")


def _check_names(names: list[str | None]) -> None:
    missing = [c for c in columns.REQUIRED_COLUMNS if c not in names]
    _require(not missing, "required columns missing")
    _require(all(c in names for c in ("area", "area_type", "naics")), "not an all-data layout")


def _require(condition: bool, why: str) -> None:
    if not condition:
        raise ReaderFallback(why)


#: Bodies with fewer rows than this are converted in one piece; larger ones in slices on two threads (Arrow's
#: compute kernels release the GIL), each slice with the same checks, joined in order.
SLICE_ROWS = 50_000
SLICES = 4


def _convert_in_slices(body: pa.Table, names: list[str | None]) -> pa.Table:
    """:func:`_convert` over ``body``, on two threads for a big body (same result, row order kept)."""
    if body.num_rows < SLICE_ROWS:
        return _convert(body, names)
    from concurrent.futures import ThreadPoolExecutor

    step = -(-body.num_rows // SLICES)
    slices = [body.slice(start, step) for start in range(0, body.num_rows, step)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_convert, part, names) for part in slices]
        tables = [future.result() for future in futures]
    return pa.concat_tables(tables)


def _convert(body: pa.Table, names: list[str | None]) -> pa.Table:
    """The data rows under the header (text, columns by position; ``names`` the canonical name of each column or
    None) as typed Arrow columns by BLS's conventions; :class:`~analysis.errors.ReaderFallback` for anything the
    general reader must judge."""
    by_name = {name: body.column(i) for i, name in enumerate(names) if name is not None}
    rows = body.num_rows

    out: dict[str, pa.ChunkedArray | pa.Array] = {}
    occ = _text(by_name["occ_code"])
    _require(
        pc.all(pc.fill_null(pc.match_substring_regex(occ, schema.SOC_PATTERN_RE2), False)).as_py(),
        "rows without a valid occupation code",
    )
    out["occ_code"] = occ
    for column in schema.VALUE_COLUMNS:
        if column in by_name:
            out[column], out[f"{column}_status"] = _values(by_name[column])
    _check_plausible(out)
    for column in ("occ_title", "area_title", "naics_title"):
        if column in by_name:
            out[column] = _text(by_name[column])
    out["o_group"] = pc.utf8_lower(_text(by_name["o_group"]))
    if "i_group" in by_name:
        out["i_group"] = pc.utf8_lower(_text(by_name["i_group"]))
    for flag in schema.FLAG_COLUMNS:
        if flag in by_name:
            out[flag] = _flags(by_name[flag])

    naics = _text(by_name["naics"])
    _require(pc.all(pc.is_valid(naics)).as_py(), "a row without an industry code")
    out["naics"] = naics
    if "own_code" in by_name:
        own = _text(by_name["own_code"])
        titles = pa.array(list(columns.OWNERSHIP_TITLES))
        title_codes = pa.array(list(columns.OWNERSHIP_TITLES.values()))
        by_title = pc.take(title_codes, pc.index_in(pc.utf8_lower(own), value_set=titles))
        own = pc.coalesce(by_title, own)
        _require(
            pc.all(pc.fill_null(pc.match_substring_regex(own, codes.OWN_CODE_PATTERN), True)).as_py(),
            "an ownership code BLS does not use",
        )
        out["own_code"] = pc.fill_null(own, columns.ALL_OWNERSHIPS)
    else:
        out["own_code"] = pa.array([columns.ALL_OWNERSHIPS] * rows, pa.string())

    area_type_text = _text(by_name["area_type"])
    _require(pc.all(pc.is_valid(area_type_text)).as_py(), "rows without an area type")
    try:
        area_type = pc.cast(area_type_text, pa.float64())
    except pa.ArrowInvalid:
        raise ReaderFallback("an area type that is not a number") from None
    _require(
        pc.all(pc.is_in(area_type, value_set=pa.array([float(t) for t in schema.AREA_TYPES]))).as_py(),
        "an area type BLS does not use",
    )
    area_type = pc.cast(area_type, pa.int64())
    area = _text(by_name["area"])
    area = pc.if_else(pc.and_(pc.equal(area_type, 1), pc.is_null(area)), codes.NATIONAL_AREA, area)
    width = pc.take(pa.array([schema.AREA_CODE_WIDTH.get(t, 0) for t in range(7)], pa.int64()), area_type)
    padded = area
    for digits in (2, 5, 7):
        padded = pc.if_else(pc.equal(width, digits), pc.utf8_lpad(area, width=digits, padding="0"), padded)
    _require(
        pc.all(pc.fill_null(pc.match_substring_regex(padded, codes.AREA_PATTERN), False)).as_py(),
        "an area code that is not a BLS code",
    )
    out["area"] = padded
    out["area_type"] = area_type
    if "prim_state" in by_name:
        out["prim_state"] = _text(by_name["prim_state"])
    return pa.table(out)


def _read_fast(path: Path | bytes, *, name: str, year: int | None, sibling_notes: dict | None = None) -> pd.DataFrame:

    if not name.lower().endswith(".xlsx"):
        raise ReaderFallback("not an .xlsx workbook")
    sheet_name, header_at, header, body, notes, converted = _load_sheets(path, name)
    resolved = _resolve_year(name, year, notes)
    top_code = notes.top_code if notes is not None else None
    if top_code is None and sibling_notes and resolved in sibling_notes:
        top_code = sibling_notes[resolved].top_code
    if top_code is None:
        top_code = published_top_code(resolved)

    names = columns.canonical_names(header)
    _check_names(names)
    # Notes below the data (no occupation code, no values) are not data: the general reader handles them.
    _require(body.num_rows > 0, "no data rows")
    frame = converted if converted is not None else _to_pandas(_convert_in_slices(body, names))
    rows = len(frame)

    prim_state = frame.pop("prim_state") if "prim_state" in frame else None
    frame["prim_state"], frame["area_title"] = columns.state_and_title(
        frame["area"], frame["area_type"], prim_state, frame.get("area_title")
    )
    frame["year"] = pd.array(np.full(rows, resolved), dtype="Int64")
    frame["top_code_hourly"] = pd.array(np.full(rows, top_code.hourly if top_code else np.nan), dtype="Float64")
    frame["top_code_annual"] = pd.array(np.full(rows, top_code.annual if top_code else np.nan), dtype="Float64")
    frame["source"] = pd.Series(schema.same_text(f"{name} [{sheet_name}]", rows), index=frame.index)

    if schema.has_repeated_keys(frame):
        # BLS's own repeats (an occupation as "broad" and "detailed") collapse; anything else is the general
        # reader's error, with the same message.
        frame["_row"] = np.arange(rows) + header_at + 2
        collapsed = combine.collapse_duplicates(frame)
        combine.check_repeated_rows(frame)
        frame = collapsed.drop(columns=["_row"])
    return frame
