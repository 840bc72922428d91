"""Opening a special-request file (.xlsx, .xls or .csv, from disk or an archive) and finding its data sheets.

The data sheet is found by content: the sheet whose header row holds ``OCC_CODE`` (beside other OEWS fields);
"Field Descriptions", "UpdateTime", "Filler" and stray sheets are not data, and a data table on one of the sheets
BLS uses for something else is a damaged workbook. Cells are read as published (python-calamine keeps text as
text, so ``*`` and ``#`` survive); CSV bodies are read by Arrow as text, strict about the number of fields.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import python_calamine

from analysis.conventions.topcode import FieldDescriptions, parse_field_descriptions
from analysis.conventions.values import canonical_column_name
from analysis.errors import (
    Location,
    NotBLSDataError,
    OEWSInputError,
    UnsupportedLayoutError,
)
from analysis.sources.archives import Member, not_bls_data_error, sniff, wide_text_encoding, wide_text_error
from analysis.sources.bounds import check_line_width, reader_panics

SUPPORTED_LAYOUTS = (
    "BLS OEWS special-request files (national_MYYYY_dl, state_MYYYY_dl, MSA_MYYYY_dl, aMSA_MYYYY_dl, "
    "BOS_MYYYY_dl, natsector/nat3d/nat4d/nat5d[_6d][_owner]_MYYYY_dl, all_data_M_YYYY) as .xlsx/.xls/.csv, with "
    "a header row holding OCC_CODE, OCC_TITLE, the occupation group and the employment and wage columns; zip "
    "archives or folders of them; oe.* flat files"
)


#: Sheets BLS uses for something else: data found there is a damaged or hand-edited workbook.
RESERVED_SHEETS = ("field descriptions", "field_descriptions", "updatetime", "filler")

HEADER_SEARCH_ROWS = 20
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
_HEADER_HINTS = {"occ_title", "o_group", "tot_emp", "emp_prse", "h_mean", "a_mean", "a_median", "h_median"}


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


def header_index(rows: Sequence[Sequence[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {canonical_column_name(cell) for cell in row if isinstance(cell, str) and cell.strip()}
        # A field-descriptions sheet also has an "occ_code" cell, beside its description: a header row names
        # other OEWS fields too.
        if "occ_code" in names and len(names & _HEADER_HINTS) >= 2:
            return index
    return None


def is_field_description_sheet(name: str, rows: Sequence[Sequence[object]]) -> bool:
    if "field" in name.lower() and "desc" in name.lower():
        return True
    for row in rows[:HEADER_SEARCH_ROWS]:
        cells = [str(c).strip().lower() for c in row if isinstance(c, str)]
        if "field" in cells and "field description" in cells:
            return True
    return False


_CALAMINE_ERRORS = (
    python_calamine.CalamineError,
    python_calamine.ZipError,
    python_calamine.XmlError,
    python_calamine.PasswordError,
    OSError,
    ValueError,
)


def _open_workbook(member: Member) -> python_calamine.CalamineWorkbook:
    try:
        if member.data is not None:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(member.data))
        return python_calamine.CalamineWorkbook.from_path(str(member.path))
    except _CALAMINE_ERRORS as exc:
        raise NotBLSDataError(
            "the spreadsheet cannot be opened",
            location=Location(file=member.name),
            found=f"{type(exc).__name__}: {exc}",
            expected="an .xlsx or .xls workbook as BLS publishes it",
        ) from None


def _load_workbook(member: Member) -> LoadedFile:
    loaded = LoadedFile(member)
    workbook = _open_workbook(member)
    try:
        for sheet_name in workbook.sheet_names:
            sheet = _read_sheet(member, sheet_name, lambda name=sheet_name: workbook.get_sheet_by_name(name))
            top = _read_sheet(
                member, sheet_name, lambda sheet=sheet: sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
            )
            header_at = header_index(top)
            if header_at is not None:
                if sheet_name.strip().lower() in RESERVED_SHEETS:
                    raise OEWSInputError(
                        f"an OEWS data table on the sheet BLS uses for {sheet_name.strip()!r}, not for data "
                        "(a damaged or hand-edited workbook)",
                        location=Location(file=member.name, sheet=sheet_name, row=header_at + 1),
                        found=f"a header row with OCC_CODE on sheet {sheet_name!r}",
                        expected="the data on its own sheet (like 'national_M2023_dl') beside 'Field Descriptions'",
                    )
                rows = _read_sheet(member, sheet_name, lambda sheet=sheet: sheet.to_python(skip_empty_area=False))
                loaded.tables.append(_raw_table(member.name, sheet_name, rows, header_at))
            else:
                rows = _read_sheet(
                    member, sheet_name, lambda sheet=sheet: sheet.to_python(skip_empty_area=False, nrows=200)
                )
                if loaded.notes is None and is_field_description_sheet(sheet_name, rows):
                    loaded.notes = parse_field_descriptions(rows, source=f"{member.name}, sheet {sheet_name!r}")
                    loaded.notes_sheet = sheet_name
                else:
                    loaded.other_sheets.append((sheet_name, rows[:8]))
    finally:
        workbook.close()
    return loaded


def _read_sheet(member: Member, sheet_name: str, read):
    """``read()`` (a calamine call on one sheet), its errors (XML that does not parse, an unknown entity) as one
    line naming the file and the sheet."""
    try:
        return read()
    except _CALAMINE_ERRORS as exc:
        raise NotBLSDataError(
            "a sheet of the spreadsheet cannot be read",
            location=Location(file=member.name, sheet=sheet_name),
            found=f"{type(exc).__name__}: {str(exc)[:200]}",
            expected="an .xlsx or .xls workbook as BLS publishes it",
        ) from None


def _raw_table(file: str, sheet: str | None, rows: list[list[object]], header_at: int) -> RawTable:
    header = list(rows[header_at])
    body = rows[header_at + 1 :]
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
    check_line_width(itertools.islice(io.StringIO(text, newline=""), 200), member.name)
    try:
        top = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), 200))
    except csv.Error as exc:
        raise UnsupportedLayoutError(
            "the file cannot be read as a CSV table",
            location=Location(file=member.name),
            found=str(exc),
            expected=SUPPORTED_LAYOUTS,
        ) from None
    if not any(any(cell.strip() for cell in row) for row in top):
        raise NotBLSDataError(
            "the file is empty",
            location=Location(file=member.name),
            found="no rows",
            expected="a CSV export of a BLS special-request file",
        )
    header_at = header_index(top)
    if header_at is None:
        if is_field_description_sheet(member.basename, top):
            loaded.notes = parse_field_descriptions(top, source=member.name)
        else:
            loaded.other_sheets.append((None, top[:8]))
        return loaded
    header = top[header_at]
    body = _csv_body(member.name, text, header_at, len(header))
    loaded.tables.append(RawTable(file=member.name, sheet=None, header=header, rows=body, header_row=header_at + 1))
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
            parse_options=pa_csv.ParseOptions(
                ignore_empty_lines=False, invalid_row_handler=note_invalid, newlines_in_values=True
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise UnsupportedLayoutError(
            "the file cannot be read as a CSV table",
            location=Location(file=name),
            found=str(exc),
            expected=SUPPORTED_LAYOUTS,
        ) from None
    if invalid:
        first = invalid[0]
        line = _line_of_record(text, first.text)
        problem = "fewer" if first.actual_columns < width else "more"
        raise OEWSInputError(
            f"a line with {problem} fields than the header"
            + (" (a truncated download?)" if problem == "fewer" else ""),
            location=Location(file=name, row=line),
            found=f"{first.actual_columns} fields: {first.text[:80]!r}",
            expected=f"{width} fields, as in the header",
        )
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
    expected = {"csv": "a CSV export of a BLS special-request file"}.get(
        member.suffix.lstrip("."), "an Excel workbook from BLS"
    )
    error = not_bls_data_error(member.name, head, expected=expected)
    if error:
        raise error
    encoding = wide_text_encoding(head)
    if encoding is not None:
        raise wide_text_error(member.name, encoding, expected=expected)
    kind = sniff(head)
    if member.suffix == ".csv" and kind == "text":
        return _load_csv(member)
    if kind in ("zip", "ole"):
        with reader_panics(member.name):
            return _load_workbook(member)
    if member.suffix == ".csv" or kind == "text":
        # BLS's old ".xls" downloads are sometimes tab- or comma-separated text.
        return _load_csv(member)
    raise NotBLSDataError(
        "the file is neither a workbook nor a CSV table",
        location=Location(file=member.name),
        found=f"{kind} content",
        expected=expected,
    )


def unsupported_layout_error(loaded: LoadedFile) -> UnsupportedLayoutError:
    """Say what a file without an OEWS data sheet looks like, and which layouts are supported."""
    name = loaded.member.name
    if loaded.notes is not None and not loaded.other_sheets:
        looks = "a BLS field-descriptions sheet with no data"
        if loaded.notes.year_text:
            looks += f" ({loaded.notes.year_text!r})"
    else:
        looks = _describe_sheets(loaded.other_sheets)
    return UnsupportedLayoutError(
        "no sheet has a header row with OCC_CODE, so this is not an OEWS special-request layout",
        location=Location(file=name),
        found=looks,
        expected=SUPPORTED_LAYOUTS,
    )


def _describe_sheets(sheets: list[tuple[str | None, list[list[object]]]]) -> str:
    if not sheets:
        return "no sheets with data"
    names = [s for s, _ in sheets if s is not None]
    first_cells = [str(c) for _, rows in sheets for row in rows for c in row if isinstance(c, str) and c.strip()]
    dotted = sum(1 for c in first_cells if "....." in c)
    numbers = sum(1 for _, rows in sheets for row in rows for c in row if isinstance(c, (int, float)))
    if dotted >= 2:
        looks = (
            "a BLS news-release table (occupation titles with dot leaders followed by employment and wage "
            "figures, no OCC_CODE column)"
        )
    elif numbers and first_cells:
        looks = "a table without an OCC_CODE header"
    else:
        looks = "text without an OEWS header row"
    if names:
        shown = ", ".join(repr(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
        looks += f"; sheets {shown}"
    # Only a header row's first field name is quoted (e.g. 'SOC_CODE' where OCC_CODE belongs): the file may be
    # anything (a copy of /etc/passwd named .csv), and errors quote no other content of a file that is not OEWS data.
    header = next((row for _, rows in sheets for row in rows if any(isinstance(c, str) and c.strip() for c in row)), [])
    names = [c.strip() for c in header if isinstance(c, str) and c.strip()]
    if len(names) >= 3 and all(_FIELD_NAME.fullmatch(name) for name in names):
        looks += f"; first cell {names[0]!r}"
    return looks
