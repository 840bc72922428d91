"""BLS's yearly special-request files ("OEWS data downloads"), every year and kind, as .xlsx, .xls or .csv.

Kinds, by BLS's file names (``MYYYY`` is the reference year, May):

- national cross-industry ``national_MYYYY_dl``
- state ``state_MYYYY_dl``
- metropolitan and nonmetropolitan ``MSA_MYYYY_dl``, ``aMSA_MYYYY_dl``, ``BOS_MYYYY_dl``
- national industry ``natsector_``, ``nat3d_``, ``nat4d_``, ``nat5d_`` / ``nat5d_6d_``, with ownership files like
  ``nat4d_owner_MYYYY_dl``
- everything in one workbook ``all_data_M_YYYY``

The data sheet is found by content: the sheet whose header row holds ``OCC_CODE``; "Field Descriptions",
"UpdateTime", "Filler" and stray sheets are not data. Column names drift across the years (case, ``GROUP`` /
``OCC_GROUP`` / ``O_GROUP``, ``LOC QUOTIENT``, ``STATE`` / ``ST`` / ``AREA_NAME`` in older state and MSA files,
national files with no area columns); :func:`analysis.conventions.values.canonical_column_name` and this module map them to
the canonical frame. Cells are read as published (calamine keeps text as text, so ``*`` and ``#`` survive) and
parsed column by column (:func:`parse_published_values`, the array form of :func:`analysis.conventions.values.parse_value`).

What BLS cannot have published is an error naming file, sheet, row, column and value: a cell that is neither a
number nor a BLS symbol, a negative number, a percentage over 100, a wage far beyond any estimate, percentiles
out of order, a row repeated with the same level, a data table on a sheet BLS uses for something else, a CSV line
cut short. BLS's own repeats (an occupation as "broad" and "detailed", an industry as "3-digit" and "4-digit",
identical estimates) become one row with the more detailed level.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import python_calamine

from analysis.conventions import geography, schema
from analysis.conventions.topcode import (
    FieldDescriptions,
    TopCode,
    parse_field_descriptions,
    published_top_code,
)
from analysis.conventions.values import canonical_column_name
from analysis.errors import (
    Location,
    NotBLSDataError,
    OEWSInputError,
    UnsupportedLayoutError,
    YearConflictError,
)
from analysis.sources.archives import Member, not_bls_data_error, sniff

SUPPORTED_LAYOUTS = (
    "BLS OEWS special-request files (national_MYYYY_dl, state_MYYYY_dl, MSA_MYYYY_dl, aMSA_MYYYY_dl, "
    "BOS_MYYYY_dl, natsector/nat3d/nat4d/nat5d[_6d][_owner]_MYYYY_dl, all_data_M_YYYY) as .xlsx/.xls/.csv, with "
    "a header row holding OCC_CODE, OCC_TITLE, the occupation group and the employment and wage columns; zip "
    "archives or folders of them; oe.* flat files"
)

#: Columns every data sheet must have (canonical names) and how BLS spells them in the header.
REQUIRED_COLUMNS: dict[str, str] = {
    "occ_code": "OCC_CODE",
    "occ_title": "OCC_TITLE",
    "o_group": "O_GROUP (or OCC_GROUP / GROUP)",
    "tot_emp": "TOT_EMP",
    "emp_prse": "EMP_PRSE",
    "h_mean": "H_MEAN",
    "a_mean": "A_MEAN",
    "mean_prse": "MEAN_PRSE",
    **{c: c.upper() for c in schema.HOURLY_WAGE_COLUMNS[1:] + schema.ANNUAL_WAGE_COLUMNS[1:]},
}

#: Sheets BLS uses for something else: data found there is a damaged or hand-edited workbook.
RESERVED_SHEETS = ("field descriptions", "field_descriptions", "updatetime", "filler")

#: Ceilings far above anything OEWS publishes (a value beyond them is a damaged cell, not an estimate).
MAX_HOURLY_WAGE = 5_000.0
MAX_ANNUAL_WAGE = 10_000_000.0
MAX_EMPLOYMENT = 1_000_000_000.0

#: Extra columns a kind needs (one of each tuple).
KIND_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "state": (("area", "prim_state"),),
    "msa": (("area",),),
    "nonmetro": (("area",),),
    "industry": (("naics",),),
    "all_data": (("area",), ("naics",), ("area_type",)),
}

#: Ownership codes as BLS's field descriptions list them (national_M2019_dl.xlsx, sheet "Field Descriptions").
OWNERSHIP_TITLES: dict[str, str] = {
    "federal government": "1",
    "state government": "2",
    "local government": "3",
    "federal, state, and local government": "123",
    "private, state, and local government": "235",
    "private and local government": "35",
    "private": "5",
    "private, local government gambling establishments (sector 71), and local government casino hotels "
    "(sector 72)": "57",
    "private plus state and local government hospitals": "58",
    "private and postal service": "59",
    "federal, state, and local government and private sector": "1235",
}

#: "Files without an ownership field will always represent private, federal, state, and local government
#: ownerships combined" (field_descriptions.xlsx, May 2018): BLS's code for that is 1235.
ALL_OWNERSHIPS = "1235"

_O_GROUP_RANK = {"total": 0, "major": 1, "minor": 2, "broad": 3, "detailed": 4}
_I_GROUP_RANK = {"cross-industry": 0, "sector": 1, "3-digit": 2, "4-digit": 3, "5-digit": 4, "6-digit": 5}
_OCC_CODE = re.compile(r"^\d{2}-\d{4}$")
_HEADER_SEARCH_ROWS = 20
_HEADER_HINTS = {"occ_title", "o_group", "tot_emp", "emp_prse", "h_mean", "a_mean", "a_median", "h_median"}
_NAME_YEAR = re.compile(r"(?:^|[_\-\s.])m_?((?:19|20)\d{2})(?=$|[_\-\s.])", re.IGNORECASE)
_ARCHIVE_YEAR = re.compile(r"^oesm(\d{2})(?:[a-z0-9]*)$", re.IGNORECASE)
_TEXT_COLUMNS = ("area", "area_title", "area_type", "prim_state", "naics", "naics_title", "i_group", "own_code",
                 "occ_code", "occ_title", "o_group", "annual", "hourly")


# --------------------------------------------------------------------------------------------------- names

def kind_from_name(name: str) -> str | None:
    """The kind of special-request file its BLS name says: 'national', 'state', 'msa', 'nonmetro', 'industry',
    'all_data' or 'field_descriptions'; None for names BLS does not use."""
    stem = PurePosixPath(name).name.lower()
    if stem.startswith("field_desc"):
        return "field_descriptions"
    if stem.startswith("all_data"):
        return "all_data"
    if stem.startswith("national"):
        return "national"
    if stem.startswith("state"):
        return "state"
    if stem.startswith(("msa", "amsa")):
        return "msa"
    if stem.startswith("bos"):
        return "nonmetro"
    if re.match(r"^nat(sector|\d)", stem):
        return "industry"
    return None


def industry_level_from_name(name: str) -> str | None:
    """The i_group a national industry file's name implies (natsector -> 'sector', nat3d -> '3-digit', ...)."""
    stem = PurePosixPath(name).name.lower()
    if stem.startswith("natsector"):
        return "sector"
    match = re.match(r"^nat(\d)d_(?!\dd)", stem)
    if match:
        return f"{match.group(1)}-digit"
    return None


def year_from_name(name: str) -> int | None:
    """The reference year a BLS file or archive name carries: ``national_M2019_dl`` / ``all_data_M_2019`` ->
    2019, ``oesm19nat`` -> 2019."""
    path = PurePosixPath(name.replace("\\", "/"))
    stem = path.name
    for suffix in (".zip", ".xlsx", ".xls", ".csv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    match = _NAME_YEAR.search(stem)
    if match:
        return int(match.group(1))
    match = _ARCHIVE_YEAR.match(stem)
    if match:
        two = int(match.group(1))
        return 1900 + two if two >= 90 else 2000 + two
    return None


# --------------------------------------------------------------------------------------------------- tables

@dataclass
class RawTable:
    """A data sheet as published: header cells, the rows below it, and where it was found."""

    file: str
    sheet: str | None
    header: list[object]
    rows: pd.DataFrame  # object columns numbered like the header
    header_row: int  # 1-based spreadsheet row of the header


@dataclass
class LoadedFile:
    """What one special-request file holds: its data sheets and what its field descriptions say."""

    member: Member
    tables: list[RawTable] = field(default_factory=list)
    notes: FieldDescriptions | None = None
    notes_sheet: str | None = None
    other_sheets: list[tuple[str, list[list[object]]]] = field(default_factory=list)


def _header_index(rows: Sequence[Sequence[object]]) -> int | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        names = {canonical_column_name(cell) for cell in row if isinstance(cell, str) and cell.strip()}
        # A field-descriptions sheet also has an "occ_code" cell, beside its description: a header row names
        # other OEWS fields too.
        if "occ_code" in names and len(names & _HEADER_HINTS) >= 2:
            return index
    return None


def _is_field_description_sheet(name: str, rows: Sequence[Sequence[object]]) -> bool:
    if "field" in name.lower() and "desc" in name.lower():
        return True
    for row in rows[:_HEADER_SEARCH_ROWS]:
        cells = [str(c).strip().lower() for c in row if isinstance(c, str)]
        if "field" in cells and "field description" in cells:
            return True
    return False


_CALAMINE_ERRORS = (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError,
                    python_calamine.PasswordError, OSError, ValueError)


def _open_workbook(member: Member) -> python_calamine.CalamineWorkbook:
    try:
        if member.data is not None:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(member.data))
        return python_calamine.CalamineWorkbook.from_path(str(member.path))
    except _CALAMINE_ERRORS as exc:
        raise NotBLSDataError("the spreadsheet cannot be opened", location=Location(file=member.name),
                              found=f"{type(exc).__name__}: {exc}",
                              expected="an .xlsx or .xls workbook as BLS publishes it") from None


def _load_workbook(member: Member) -> LoadedFile:
    loaded = LoadedFile(member)
    workbook = _open_workbook(member)
    try:
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            top = sheet.to_python(skip_empty_area=False, nrows=_HEADER_SEARCH_ROWS)
            header_at = _header_index(top)
            if header_at is not None:
                if sheet_name.strip().lower() in RESERVED_SHEETS:
                    raise OEWSInputError(
                        f"an OEWS data table on the sheet BLS uses for {sheet_name.strip()!r}, not for data "
                        "(a damaged or hand-edited workbook)",
                        location=Location(file=member.name, sheet=sheet_name, row=header_at + 1),
                        found=f"a header row with OCC_CODE on sheet {sheet_name!r}",
                        expected="the data on its own sheet (like 'national_M2023_dl') beside 'Field Descriptions'")
                rows = sheet.to_python(skip_empty_area=False)
                loaded.tables.append(_raw_table(member.name, sheet_name, rows, header_at))
            else:
                rows = sheet.to_python(skip_empty_area=False, nrows=200)
                if loaded.notes is None and _is_field_description_sheet(sheet_name, rows):
                    loaded.notes = parse_field_descriptions(rows, source=f"{member.name}, sheet {sheet_name!r}")
                    loaded.notes_sheet = sheet_name
                else:
                    loaded.other_sheets.append((sheet_name, rows[:8]))
    finally:
        workbook.close()
    return loaded


def _raw_table(file: str, sheet: str | None, rows: list[list[object]], header_at: int) -> RawTable:
    header = list(rows[header_at])
    body = rows[header_at + 1:]
    width = len(header)
    frame = pd.DataFrame(body, dtype=object) if body else pd.DataFrame(columns=range(width), dtype=object)
    if frame.shape[1] < width:
        for extra in range(frame.shape[1], width):
            frame[extra] = ""
    frame = frame.iloc[:, :width]
    frame.columns = range(width)
    return RawTable(file=file, sheet=sheet, header=header, rows=frame, header_row=header_at + 1)


def _decode_csv(member: Member) -> str:
    raw = member.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _load_csv(member: Member) -> LoadedFile:
    loaded = LoadedFile(member)
    text = _decode_csv(member)
    try:
        top = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), 200))
    except csv.Error as exc:
        raise UnsupportedLayoutError("the file cannot be read as a CSV table", location=Location(file=member.name),
                                     found=str(exc), expected=SUPPORTED_LAYOUTS) from None
    if not any(any(cell.strip() for cell in row) for row in top):
        raise NotBLSDataError("the file is empty", location=Location(file=member.name), found="no rows",
                              expected="a CSV export of a BLS special-request file")
    header_at = _header_index(top)
    if header_at is None:
        if _is_field_description_sheet(member.basename, top):
            loaded.notes = parse_field_descriptions(top, source=member.name)
        else:
            loaded.other_sheets.append((None, top[:8]))
        return loaded
    header = top[header_at]
    body = _csv_body(member.name, text, header_at, len(header))
    loaded.tables.append(RawTable(file=member.name, sheet=None, header=header, rows=body,
                                  header_row=header_at + 1))
    return loaded


def _csv_body(name: str, text: str, header_at: int, width: int) -> pd.DataFrame:
    """The lines below the header as text columns (Arrow's CSV reader: fast, and strict about the number of
    fields, so a download cut off mid-line is caught). Blank lines are kept so rows keep their numbers."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    invalid = []

    def note_invalid(row) -> str:
        invalid.append(row)
        return "skip"

    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(skip_rows=header_at + 1, column_names=names),
            parse_options=pa_csv.ParseOptions(ignore_empty_lines=False, invalid_row_handler=note_invalid,
                                              newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid as exc:
        raise UnsupportedLayoutError("the file cannot be read as a CSV table", location=Location(file=name),
                                     found=str(exc), expected=SUPPORTED_LAYOUTS) from None
    if invalid:
        first = invalid[0]
        line = _line_of_record(text, first.text)
        problem = "fewer" if first.actual_columns < width else "more"
        raise OEWSInputError(f"a line with {problem} fields than the header"
                             + (" (a truncated download?)" if problem == "fewer" else ""),
                             location=Location(file=name, row=line), found=f"{first.actual_columns} fields: "
                             f"{first.text[:80]!r}", expected=f"{width} fields, as in the header")
    body = table.to_pandas(types_mapper=lambda _: pd.StringDtype("pyarrow"))
    body.columns = range(width)
    # A blank line reads as one empty field: keep it as an empty row.
    return body


def _line_of_record(text: str, record: str) -> int | None:
    """The 1-based line number of a CSV record (for error messages; only called on the error path)."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if line.rstrip("\r\n") == record.rstrip("\r\n"):
            return number
    return None


def load_file(member: Member) -> LoadedFile:
    """Open one special-request file (from disk or an archive) and find its data sheets and notes."""
    head = member.head()
    expected = {"csv": "a CSV export of a BLS special-request file"}.get(member.suffix.lstrip("."),
                                                                         "an Excel workbook from BLS")
    error = not_bls_data_error(member.name, head, expected=expected)
    if error:
        raise error
    kind = sniff(head)
    if member.suffix == ".csv" and kind == "text":
        return _load_csv(member)
    if kind in ("zip", "ole"):
        return _load_workbook(member)
    if member.suffix == ".csv" or kind == "text":
        # BLS's old ".xls" downloads are sometimes tab- or comma-separated text.
        return _load_csv(member)
    raise NotBLSDataError("the file is neither a workbook nor a CSV table", location=Location(file=member.name),
                          found=f"{kind} content", expected=expected)


def unsupported_layout_error(loaded: LoadedFile) -> UnsupportedLayoutError:
    """Say what a file without an OEWS data sheet looks like, and which layouts are supported."""
    name = loaded.member.name
    if loaded.notes is not None and not loaded.other_sheets:
        looks = "a BLS field-descriptions sheet with no data"
        if loaded.notes.year_text:
            looks += f" ({loaded.notes.year_text!r})"
    else:
        looks = _describe_sheets(loaded.other_sheets)
    return UnsupportedLayoutError("no sheet has a header row with OCC_CODE, so this is not an OEWS "
                                  "special-request layout", location=Location(file=name), found=looks,
                                  expected=SUPPORTED_LAYOUTS)


def _describe_sheets(sheets: list[tuple[str | None, list[list[object]]]]) -> str:
    if not sheets:
        return "no sheets with data"
    names = [s for s, _ in sheets if s is not None]
    first_cells = [str(c) for _, rows in sheets for row in rows for c in row if isinstance(c, str) and c.strip()]
    dotted = sum(1 for c in first_cells if "....." in c)
    numbers = sum(1 for _, rows in sheets for row in rows for c in row if isinstance(c, (int, float)))
    if dotted >= 2:
        looks = ("a BLS news-release table (occupation titles with dot leaders followed by employment and wage "
                 "figures, no OCC_CODE column)")
    elif numbers and first_cells:
        looks = "a table without an OCC_CODE header"
    else:
        looks = "text without an OEWS header row"
    if names:
        shown = ", ".join(repr(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
        looks += f"; sheets {shown}"
    if first_cells:
        looks += f"; first cell {first_cells[0][:60]!r}"
    return looks


# --------------------------------------------------------------------------------------------------- year

@dataclass(frozen=True)
class YearEvidence:
    year: int
    origin: str


def year_evidence(loaded: LoadedFile, *, year: int | None) -> list[YearEvidence]:
    """Every statement of the reference year for one file: its name, the archives/folders around it, its
    field-description sheet and the caller's ``year=``."""
    evidence = []
    member = loaded.member
    from_name = year_from_name(member.basename)
    if from_name is not None:
        evidence.append(YearEvidence(from_name, f"file name {member.basename!r}"))
    for container in member.containers:
        from_container = year_from_name(container)
        if from_container is not None:
            evidence.append(YearEvidence(from_container, f"archive/folder name {container!r}"))
    if loaded.notes is not None and loaded.notes.year is not None:
        where = f"sheet {loaded.notes_sheet!r}" if loaded.notes_sheet else "field descriptions"
        evidence.append(YearEvidence(loaded.notes.year, f"{where} ({loaded.notes.year_text!r})"))
    if year is not None:
        evidence.append(YearEvidence(int(year), "the year= argument"))
    return evidence


def resolve_year(loaded: LoadedFile, *, year: int | None) -> int:
    evidence = year_evidence(loaded, year=year)
    years = {e.year for e in evidence}
    if len(years) > 1:
        said = "; ".join(f"{e.year} from {e.origin}" for e in evidence)
        raise YearConflictError("the file's reference year is stated differently in different places",
                                location=Location(file=loaded.member.name), found=said,
                                expected="one year (rename the file or pass the matching year=)")
    if not years:
        raise OEWSInputError("cannot tell the file's reference year: neither its name (like national_M2019_dl) "
                             "nor a field-descriptions sheet states it",
                             location=Location(file=loaded.member.name), found=None,
                             expected="read_oews(path, year=YYYY)")
    return years.pop()


# --------------------------------------------------------------------------------------------------- columns

def _canonical_names(header: list[object]) -> list[str | None]:
    """Canonical name for every header cell (None for blank cells and later duplicates of a name).

    Older state files carry both ``ST`` (postal code) and ``STATE`` (the state's name); the name is the area
    title there. ``OWNERSHIP`` (older industry files) is the ownership code. BLS's 2018 national file repeats
    ``OCC_CODE`` on a third column that holds other text; the first column of a name is the one BLS documents.
    """
    raw = [canonical_column_name(h) if isinstance(h, str) and h.strip() else None for h in header]
    lowered = [str(h).strip().lower() if isinstance(h, str) else "" for h in header]
    has_postal = "st" in lowered or "prim_state" in lowered
    names: list[str | None] = []
    seen: set[str] = set()
    for original, name in zip(lowered, raw):
        if name is None:
            names.append(None)
            continue
        if original == "state" and has_postal:
            name = "area_title"
        elif original in ("ownership", "own_type"):
            name = "own_code"
        if name in seen:
            names.append(None)
            continue
        seen.add(name)
        names.append(name)
    return names


def kind_from_columns(columns: Iterable[str]) -> str:
    """The kind a header implies when the file name does not say it."""
    present = set(columns)
    if "area_type" in present and "naics" in present and "area" in present:
        return "all_data"
    if "naics" in present and "area" not in present:
        return "industry"
    if "area" in present and "prim_state" in present and "area_title" in present and "st" not in present:
        return "msa"
    if "area" in present or "prim_state" in present:
        return "state"
    return "national"


def _text(series: pd.Series) -> pd.Series:
    """Cells as trimmed strings; whole-number floats (Excel stores codes like 1235 as numbers) lose the
    '.0'; blanks become null."""
    out = series.astype("string").str.strip()
    out = out.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return out.mask(out == "")


def _missing_columns_error(table: RawTable, missing: list[str], kind: str) -> OEWSInputError:
    spelled = [REQUIRED_COLUMNS.get(m, m.upper()) for m in missing]
    return OEWSInputError(
        f"the data sheet lacks column(s) the {kind} layout needs: {', '.join(spelled)}",
        location=Location(file=table.file, sheet=table.sheet, row=table.header_row),
        found=[str(h) for h in table.header if str(h).strip()],
        expected="a header with " + ", ".join(REQUIRED_COLUMNS.values()))


def _bad_cell(table: RawTable, problem: str, row_label: int, header: str, value, expected: str):
    """The error for one cell; ``row_label`` is the row's label in the sheet body (0 = first row under the
    header), so rows dropped before (blank rows) do not shift the reported spreadsheet row."""
    return OEWSInputError(problem, location=Location(file=table.file, sheet=table.sheet,
                                                     row=table.header_row + 1 + int(row_label),
                                                     column=header), found=value, expected=expected)


def _flags(table: RawTable, values: pd.Series, header: str) -> pd.Series:
    """BLS's ANNUAL / HOURLY flags: "TRUE" (or a TRUE cell) where only that basis is published, blank
    otherwise (-> False)."""
    text = _text(values).str.upper()
    truthy = text.isin(["TRUE", "1", "Y", "YES"])
    falsy = text.isna() | text.isin(["FALSE", "0", "N", "NO"])
    bad = ~(truthy | falsy)
    if bad.any():
        label = _first_label(values, bad.to_numpy())
        raise _bad_cell(table, "a flag that is neither TRUE nor blank", label, header,
                        table_value(values, label), "'TRUE' or a blank cell")
    return truthy.astype("boolean")


def _area_type_column(table: RawTable, values: pd.Series, header: str) -> pd.Series:
    text = _text(values)
    numeric = pd.to_numeric(text, errors="coerce")
    bad = (text.notna() & (numeric.isna() | ~numeric.isin(list(schema.AREA_TYPES)))).to_numpy()
    if bad.any():
        label = _first_label(values, bad)
        raise _bad_cell(table, "an area type BLS does not use", label, header, table_value(values, label),
                        "one of " + ", ".join(f"{k} ({v})" for k, v in schema.AREA_TYPES.items()))
    return numeric.astype("Int64")


def _lookup_each(codes: pd.Series, convert) -> pd.Series:
    """Apply a code converter of :mod:`analysis.conventions.geography` once per distinct code; unknown codes -> null."""
    lookup = {}
    for code in codes.dropna().unique():
        try:
            lookup[code] = convert(str(code))
        except ValueError:
            lookup[code] = None
    return codes.map(lookup).astype("string")


def _state_postal(fips: pd.Series) -> pd.Series:
    """Postal code for state/territory FIPS codes (``analysis.conventions.geography``, from the ``us`` package)."""
    from analysis.conventions.geography import state_postal

    return _lookup_each(fips, state_postal)


def _state_fips(postal: pd.Series) -> pd.Series:
    from analysis.conventions.geography import state_fips

    return _lookup_each(postal, state_fips)


def _pad_area(table: RawTable, area: pd.Series, area_type: pd.Series, header: str) -> pd.Series:
    """Canonical area codes: U.S. '99', state FIPS to 2 digits, MSA 5 digits, nonmetropolitan areas 7."""
    width = area_type.map({1: 2, 2: 2, 3: 2, 4: 5, 5: 5, 6: 7}).astype("Int64")
    out = area.copy()
    for digits in (2, 5, 7):
        rows = (width == digits).fillna(False).to_numpy()
        if rows.any():
            out[rows] = area[rows].str.zfill(digits)
    bad = (out.isna() | ~out.fillna("").str.fullmatch(r"\d{2,7}")).to_numpy()
    if bad.any():
        label = _first_label(area, bad)
        raise _bad_cell(table, "an area code that is not a BLS code", label, header,
                        table_value(area, label), "digits: '99' for the U.S., a 2-digit state FIPS code, "
                        "a 5-digit MSA code or a 7-digit nonmetropolitan area code")
    return out


def _first_label(series: pd.Series, mask) -> int:
    return series.index[int(np.flatnonzero(np.asarray(mask))[0])]


def table_value(series: pd.Series, label: int):
    value = series.loc[label]
    return None if pd.isna(value) else value


def _derive_area_type(area: pd.Series, kind: str) -> pd.Series:
    if kind == "national" or kind == "industry":
        return pd.Series(1, index=area.index, dtype="Int64")
    if kind == "state":
        return pd.Series(np.where(area.str.zfill(2).isin(geography.OEWS_TERRITORY_FIPS), 3, 2), index=area.index).astype("Int64")
    if kind == "nonmetro":
        return pd.Series(6, index=area.index, dtype="Int64")
    # MSA files: metropolitan areas have 4-5 digit codes, nonmetropolitan areas 6-7 digits.
    return pd.Series(np.where(area.str.len() >= 6, 6, 4), index=area.index).astype("Int64")


# --------------------------------------------------------------------------------------------------- values

_type_of = np.frompyfunc(type, 1, 1)
_NUMBER_PATTERN = r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?"


def parse_published_values(values: pd.Series, *, column: str, file=None, sheet=None,
                           first_row: int = 2) -> tuple[pd.Series, pd.Series]:
    """Whole-column equivalent of :func:`analysis.conventions.values.parse_value_column` (same results, same errors; the
    property tests in tests/test_clean.py hold them equal), built for BLS's 400,000-row all-data workbook:
    numbers, text numbers with thousands separators and BLS symbols are parsed with array operations, and
    only a bad cell goes through :func:`analysis.conventions.values.parse_value` to be named in the error."""
    n = len(values)
    numbers = np.full(n, np.nan)
    status = np.full(n, None, dtype=object)
    if isinstance(values.dtype, pd.StringDtype):
        raw = None
        text = values.reset_index(drop=True)
        text_positions = np.arange(n)
    else:
        raw = values.to_numpy(dtype=object)
        types = _type_of(raw)
        is_text = (types == str).astype(bool)
        is_number = ((types == float) | (types == int)).astype(bool)
        is_blank = (types == type(None)).astype(bool)
        if is_number.any():
            numbers[is_number] = raw[is_number].astype(float)
        others = np.flatnonzero(~(is_text | is_number | is_blank))
        if len(others):
            # Rare: numpy scalars are numbers; booleans, dates and anything else are errors.
            accepted = np.array([isinstance(v, (np.integer, np.floating)) for v in raw[others]], dtype=bool)
            if not accepted.all():
                _fail(values, raw, int(others[~accepted][0]), column, file, sheet, first_row)
            numbers[others] = raw[others].astype(float)
        text_positions = np.flatnonzero(is_text)
        text = pd.Series(raw[is_text], dtype="string")
    if len(text_positions):
        stripped = text.str.strip()
        blank = (stripped == "").to_numpy(dtype=bool, na_value=True)
        symbol = np.zeros(len(stripped), dtype=bool)
        for mark, meaning in schema.SYMBOL_STATUS.items():
            is_mark = (stripped == mark).to_numpy(dtype=bool, na_value=False)
            status[text_positions[is_mark]] = meaning
            symbol |= is_mark
        candidates = ~blank & ~symbol
        if candidates.any():
            subset = stripped[candidates]
            good = subset.str.fullmatch(_NUMBER_PATTERN).to_numpy(dtype=bool, na_value=False)
            cleaned = subset.str.replace(",", "", regex=False)
            if good.all():
                try:  # Arrow's correctly rounded string -> double cast, the same double as float(text)
                    parsed = cleaned.astype("float64").to_numpy()
                except (ValueError, TypeError):  # a shape without digits, like "." or "+"
                    parsed = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)
                good = ~np.isnan(parsed)
            if not good.all():
                position = int(text_positions[np.flatnonzero(candidates)[np.flatnonzero(~good)[0]]])
                _fail(values, raw, position, column, file, sheet, first_row)
            numbers[text_positions[candidates]] = parsed
    if np.isinf(numbers).any():
        _fail(values, raw, int(np.flatnonzero(np.isinf(numbers))[0]), column, file, sheet, first_row)
    return (pd.Series(numbers, dtype="Float64").mask(np.isnan(numbers)),
            pd.Series(status, dtype="string"))


def _fail(values, raw, position, column, file, sheet, first_row):
    from analysis.conventions.values import parse_value

    cell = raw[position] if raw is not None else values.iloc[position]
    location = Location(file, sheet, first_row + position, column)
    parse_value(cell, location=location)
    raise OEWSInputError("an unreadable value", location=location, found=cell,
                         expected="a number or one of " + ", ".join(repr(s) for s in schema.SYMBOL_STATUS))


# --------------------------------------------------------------------------------------------------- frame

def table_to_frame(table: RawTable, *, kind: str, year: int, top_code: TopCode | None,
                   industry_level: str | None = None) -> pd.DataFrame:
    """One data sheet -> canonical columns (plus a ``_row`` column with the spreadsheet row of each row)."""
    names = _canonical_names(table.header)
    columns: dict[str, pd.Series] = {}
    headers: dict[str, str] = {}
    for position, name in enumerate(names):
        if name is not None:
            columns[name] = table.rows[position]
            headers[name] = str(table.header[position]).strip()
    if "prim_state" in columns and headers["prim_state"].strip().lower() == "state":
        # STATE holds a postal code in some files and the state's name in others.
        names_of_states = _text(columns["prim_state"]).str.len().gt(2).fillna(False)
        if names_of_states.any() and "area_title" not in columns:
            columns["area_title"] = columns.pop("prim_state")
            headers["area_title"] = headers.pop("prim_state")
    if kind is None:
        kind = kind_from_columns(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for alternatives in KIND_REQUIRED.get(kind, ()):
        if not any(a in columns for a in alternatives):
            missing.append(alternatives[0])
    if missing:
        raise _missing_columns_error(table, missing, kind)

    rows = table.rows
    occ = _text(columns["occ_code"])
    value_names = [c for c in schema.VALUE_COLUMNS if c in columns]
    valid_occ = occ.fillna("").str.fullmatch(_OCC_CODE.pattern).to_numpy(dtype=bool)
    if not valid_occ.any():
        raise OEWSInputError("the data sheet has a header but no data rows",
                             location=Location(file=table.file, sheet=table.sheet, row=table.header_row),
                             found="no rows with an occupation code", expected="one row per occupation")

    out: dict[str, pd.Series] = {}
    first_row = table.header_row + 1
    for name in value_names:
        values, status = parse_published_values(columns[name], column=headers[name], file=table.file,
                                                sheet=table.sheet, first_row=first_row)
        out[name] = pd.Series(values.to_numpy(), index=rows.index, dtype="Float64")
        out[f"{name}_status"] = pd.Series(status.to_numpy(), index=rows.index, dtype="string")

    # Blank rows, and notes below the data (no occupation code of the SOC's shape, no values), are not data.
    no_values = np.ones(len(rows), dtype=bool)
    for name in value_names:
        no_values &= out[name].isna().to_numpy() & out[f"{name}_status"].isna().to_numpy()
    below_data = np.arange(len(rows)) > np.flatnonzero(valid_occ)[-1]
    not_data = no_values & (occ.isna().to_numpy() | below_data)
    bad_occ = ~valid_occ & ~not_data
    if bad_occ.any():
        label = _first_label(occ, bad_occ)
        raise _bad_cell(table, "an occupation code that is not an SOC code", label, headers["occ_code"],
                        table_value(occ, label), "a code like '29-2072'")
    if not_data.any():
        keep = ~not_data
        rows = rows.loc[keep]
        occ = occ.loc[keep]
        columns = {k: v.loc[keep] for k, v in columns.items()}
        out = {k: v.loc[keep] for k, v in out.items()}

    _check_plausible(table, out, headers)

    for name in ("occ_title", "area_title", "naics_title", "i_group", "o_group"):
        if name in columns:
            out[name] = _text(columns[name])
    out["occ_code"] = occ
    out["o_group"] = out["o_group"].str.lower()
    if "i_group" in out:
        out["i_group"] = out["i_group"].str.lower()
    for flag in schema.FLAG_COLUMNS:
        if flag in columns:
            out[flag] = _flags(table, columns[flag], headers[flag])

    _industry_columns(table, kind, columns, headers, out, industry_level)
    _area_columns(table, kind, columns, headers, out)

    frame = pd.DataFrame(out, index=rows.index)
    frame["year"] = pd.array([year] * len(frame), dtype="Int64")
    frame["top_code_hourly"] = pd.array([top_code.hourly if top_code else None] * len(frame), dtype="Float64")
    frame["top_code_annual"] = pd.array([top_code.annual if top_code else None] * len(frame), dtype="Float64")
    frame["source"] = table.file if table.sheet is None else f"{table.file} [{table.sheet}]"
    frame["_row"] = rows.index.to_numpy() + first_row
    return frame


def _ceiling(column: str) -> tuple[float, str] | None:
    if column.endswith("_prse") or column in ("pct_total", "pct_rpt"):
        return 100.0, "a percentage, at most 100"
    if column in schema.HOURLY_WAGE_COLUMNS:
        return MAX_HOURLY_WAGE, f"an hourly wage below {MAX_HOURLY_WAGE:,.0f}"
    if column in schema.ANNUAL_WAGE_COLUMNS:
        return MAX_ANNUAL_WAGE, f"an annual wage below {MAX_ANNUAL_WAGE:,.0f}"
    if column == "tot_emp":
        return MAX_EMPLOYMENT, f"an employment count below {MAX_EMPLOYMENT:,.0f}"
    return None


def _check_plausible(table: RawTable, out: dict[str, pd.Series], headers: dict[str, str]) -> None:
    """Numbers BLS cannot have published: negative values, percentages over 100, wages and employment far
    beyond any estimate, percentile wages out of order (10th <= 25th <= median <= 75th <= 90th)."""
    for column in schema.VALUE_COLUMNS:
        if column not in out:
            continue
        values = out[column].to_numpy(dtype=float, na_value=np.nan)
        negative = values < 0
        if negative.any():
            label = _first_label(out[column], negative)
            raise _bad_cell(table, "a negative number", label, headers[column], float(out[column].loc[label]),
                            "a number >= 0")
        limit = _ceiling(column)
        if limit is not None and (values > limit[0]).any():
            label = _first_label(out[column], values > limit[0])
            raise _bad_cell(table, "a number no OEWS estimate can have", label, headers[column],
                            float(out[column].loc[label]), limit[1])
    for columns in (schema.HOURLY_WAGE_COLUMNS[1:], schema.ANNUAL_WAGE_COLUMNS[1:]):
        for lower, upper in itertools.pairwise(columns):
            if lower not in out or upper not in out:
                continue
            low = out[lower].to_numpy(dtype=float, na_value=np.nan)
            high = out[upper].to_numpy(dtype=float, na_value=np.nan)
            disorder = low > high
            if disorder.any():
                label = _first_label(out[lower], disorder)
                raise _bad_cell(table, "percentile wages out of order", label, headers[lower],
                                f"{headers[lower]} {out[lower].loc[label]} > {headers[upper]} "
                                f"{out[upper].loc[label]}", "10th <= 25th <= median <= 75th <= 90th percentile")


def _industry_columns(table, kind, columns, headers, out, industry_level) -> None:
    if "naics" in columns:
        naics = _text(columns["naics"])
        missing = naics.isna().to_numpy()
        if missing.any():
            label = _first_label(naics, missing)
            raise _bad_cell(table, "a row without an industry code", label, headers["naics"], None,
                            "a NAICS code like '621000' (or '000000' for cross-industry)")
        out["naics"] = naics
    elif kind in ("national", "state", "msa", "nonmetro"):
        # Cross-industry files carry no industry columns; BLS's own code for them is 000000.
        out["naics"] = pd.Series("000000", index=out["occ_code"].index, dtype="string")
        out.setdefault("naics_title", pd.Series("Cross-industry", index=out["naics"].index, dtype="string"))
        out.setdefault("i_group", pd.Series("cross-industry", index=out["naics"].index, dtype="string"))
    if "i_group" not in out and industry_level is not None:
        out["i_group"] = pd.Series(industry_level, index=out["naics"].index, dtype="string")
    if "own_code" in columns:
        own = _text(columns["own_code"])
        by_title = own.str.lower().map(OWNERSHIP_TITLES)
        own = own.where(by_title.isna(), by_title).astype("string")
        bad = (own.notna() & ~own.fillna("").str.fullmatch(r"\d{1,4}")).to_numpy()
        if bad.any():
            label = _first_label(own, bad)
            raise _bad_cell(table, "an ownership code BLS does not use", label, headers["own_code"],
                            table_value(own, label), "a BLS ownership code such as 5 (private) or 1235")
        out["own_code"] = own.fillna(ALL_OWNERSHIPS)
    else:
        out["own_code"] = pd.Series(ALL_OWNERSHIPS, index=out["naics"].index, dtype="string")


def _area_columns(table, kind, columns, headers, out) -> None:
    index = out["occ_code"].index
    if "area" not in columns and "prim_state" not in columns:
        if kind not in ("national", "industry"):
            raise _missing_columns_error(table, ["area"], kind)
        # National files of some years carry no area columns: they are the U.S. (BLS code 99).
        out["area"] = pd.Series("99", index=index, dtype="string")
        out["area_type"] = pd.Series(1, index=index, dtype="Int64")
        out["area_title"] = pd.Series("U.S.", index=index, dtype="string")
        out["prim_state"] = pd.Series("US", index=index, dtype="string")
        return
    prim_state = _text(columns["prim_state"]) if "prim_state" in columns else None
    if "area" in columns:
        area = _text(columns["area"])
        area_header = headers["area"]
    else:  # a state file with postal codes only
        area = _state_fips(prim_state)
        area_header = headers["prim_state"]
    if "area_type" in columns:
        area_type = _area_type_column(table, columns["area_type"], headers["area_type"])
        missing = area_type.isna()
        if missing.any():
            area_type = area_type.fillna(_derive_area_type(area.fillna(""), kind))
    else:
        area_type = _derive_area_type(area.fillna(""), kind)
    area = area.mask(area_type == 1, area.fillna("99"))
    out["area"] = _pad_area(table, area, area_type, area_header)
    out["area_type"] = area_type
    if prim_state is None:
        prim_state = pd.Series(pd.NA, index=index, dtype="string")
    state_rows = area_type.isin([2, 3]).fillna(False) & prim_state.isna()
    if state_rows.any():
        prim_state = prim_state.where(~state_rows, _state_postal(out["area"]))
    national_rows = (area_type == 1).fillna(False) & prim_state.isna()
    prim_state = prim_state.mask(national_rows, "US")
    out["prim_state"] = prim_state.astype("string")
    if "area_title" not in out:
        out["area_title"] = pd.Series(pd.NA, index=index, dtype="string")
    out["area_title"] = out["area_title"].mask((area_type == 1).fillna(False) & out["area_title"].isna(), "U.S.")


# --------------------------------------------------------------------------------------------------- duplicates

def collapse_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, area, naics, own_code, occ_code).

    BLS publishes some occupations twice, once as "broad" and once as "detailed" (and industries aggregated to
    the 3-digit level as both "3-digit" and "4-digit"), with identical estimates: those become one row labelled
    with the more detailed level. The same key from two files is kept once when every value agrees. Rows that
    share a key but differ in any value are an error naming both places.
    """
    key = list(schema.KEY)
    duplicated = frame.duplicated(key, keep=False).to_numpy()
    if not duplicated.any():
        return frame
    dups = frame.loc[duplicated]
    groups = [dups[k].astype(str) for k in key]
    # Values and statuses must agree exactly (a number against a blank is a difference); a flag only where
    # both sources state it (the oe flat files carry no ANNUAL/HOURLY flags).
    strict = [c for c in frame.columns if c in schema.VALUE_COLUMNS or c in schema.STATUS_COLUMNS]
    lenient = [c for c in frame.columns if c in schema.FLAG_COLUMNS]
    exact = dups[strict].astype(object).where(dups[strict].notna(), "<blank>").astype(str)
    distinct = pd.concat([exact.groupby(groups, dropna=False).nunique(dropna=False),
                          dups[lenient].astype(object).groupby(groups, dropna=False).nunique(dropna=True)], axis=1)
    conflicting = distinct[(distinct > 1).any(axis=1)]
    if len(conflicting):
        first_key = conflicting.index[0]
        rows = dups[(dups[key].astype(str).apply(tuple, axis=1)) == tuple(first_key)]
        columns = [c for c in distinct.columns if distinct.loc[first_key, c] > 1]
        row_numbers = rows["_row"] if "_row" in rows else pd.Series([None] * len(rows), index=rows.index)
        places = [f"{source} row {row}" if pd.notna(row) else str(source)
                  for source, row in zip(rows["source"].head(4), row_numbers.head(4))]
        shown = {c: [None if pd.isna(v) else v for v in rows[c].head(4).tolist()] for c in columns[:3]}
        first_row = row_numbers.iloc[0]
        raise OEWSInputError(
            "duplicate rows for the same (year, area, naics, own_code, occ_code) with different values",
            location=Location(file=rows["source"].iloc[0], row=int(first_row) if pd.notna(first_row) else None,
                              column=columns[0]),
            found=f"key {dict(zip(key, first_key))} in {'; '.join(places)}: {shown}",
            expected="one row per key, or identical duplicates")
    rank = frame["o_group"].map(_O_GROUP_RANK).fillna(-1).astype(float) * 10
    if "i_group" in frame:
        rank += frame["i_group"].map(_I_GROUP_RANK).fillna(-1).astype(float)
    ranked = frame.assign(_rank=rank.to_numpy(), _order=np.arange(len(frame)))
    ranked = ranked.sort_values(["_rank", "_order"], ascending=[False, True], kind="stable")
    kept = ranked.drop_duplicates(key, keep="first").sort_values("_order", kind="stable")
    return kept.drop(columns=["_rank", "_order"])


# --------------------------------------------------------------------------------------------------- reading

def read_loaded(loaded: LoadedFile, *, year: int | None = None,
                sibling_notes: dict[int, FieldDescriptions] | None = None) -> pd.DataFrame:
    """The frame (canonical columns + ``_row``) of one opened special-request file."""
    if not loaded.tables:
        raise unsupported_layout_error(loaded)
    resolved = resolve_year(loaded, year=year)
    top_code = loaded.notes.top_code if loaded.notes is not None else None
    if top_code is None and sibling_notes and resolved in sibling_notes:
        top_code = sibling_notes[resolved].top_code
    if top_code is None:
        top_code = published_top_code(resolved)
    name = loaded.member.basename
    kind = kind_from_name(name)
    frames = [table_to_frame(t, kind=kind, year=resolved, top_code=top_code,
                             industry_level=industry_level_from_name(name)) for t in loaded.tables]
    frame = pd.concat(frames) if len(frames) > 1 else frames[0]
    collapsed = collapse_duplicates(frame)  # first: the same key with different values
    _check_repeated_rows(frame)
    return collapsed


def _check_repeated_rows(frame: pd.DataFrame) -> None:
    """Within one file BLS repeats a key only with a different level (an occupation as "broad" and "detailed",
    an industry as "3-digit" and "4-digit"). A row repeated with the same level is a damaged file."""
    levels = [c for c in ("o_group", "i_group") if c in frame]
    key = [*schema.KEY, *levels]
    repeated = frame.duplicated(key, keep=False).to_numpy()
    if not repeated.any():
        return
    first = frame.loc[repeated].iloc[0]
    same = frame.loc[repeated]
    same = same[(same[key].astype(str) == first[key].astype(str)).all(axis=1)]
    places = ", ".join(f"row {r}" for r in same["_row"].tolist())
    raise OEWSInputError(
        "the same row appears more than once", location=Location(file=first["source"], row=int(same["_row"].iloc[-1])),
        found=f"occupation {first['occ_code']} (area {first['area']}, industry {first['naics']}, ownership "
              f"{first['own_code']}) at {places}",
        expected="one row per (area, industry, ownership, occupation, level)")


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical column order and dtypes, validated."""
    return schema.validate(schema.conform(frame.drop(columns=["_row"], errors="ignore")))


def read_special_request(path: str | Path, *, year: int | None = None) -> pd.DataFrame:
    """Read one BLS special-request file (.xlsx, .xls or .csv) into the validated canonical frame."""
    path = Path(path)
    member = Member(name=str(path), path=path, containers=())
    return finish(read_loaded(load_file(member), year=year))
